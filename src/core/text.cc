#include "core/text.h"

namespace deskd {
namespace {

template <class Pred>
std::string_view trim_if(std::string_view s, Pred drop) {
  while (!s.empty() && drop(s.front())) s.remove_prefix(1);
  while (!s.empty() && drop(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view trim_ows(std::string_view s) {
  return trim_if(s, is_ows);
}

std::string_view trim_space(std::string_view s) {
  return trim_if(s, is_ascii_space);
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

}  // namespace deskd
