#include "http/path.h"

#include <vector>

#include "http/form.h"

namespace deskd::http {
namespace {

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Percent-escapes that would make a segment boundary or a NUL appear after decoding.
bool has_encoded_separator(std::string_view raw) {
  for (size_t i = 0; i + 2 < raw.size(); ++i) {
    if (raw[i] != '%') continue;
    const char a = raw[i + 1], b = lower(raw[i + 2]);
    if ((a == '2' && b == 'f') || (a == '5' && b == 'c') || (a == '0' && b == '0')) return true;
  }
  return false;
}

bool has_control_character(std::string_view decoded) {
  for (unsigned char c : decoded)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

enum class Segment { kName, kEmpty, kDot, kDotDot };

Segment classify(std::string_view raw_segment) {
  if (raw_segment.empty()) return Segment::kEmpty;
  if (raw_segment.size() > 6) return Segment::kName;
  auto decoded = percent_decode(raw_segment, false);
  if (decoded && *decoded == ".") return Segment::kDot;
  if (decoded && *decoded == "..") return Segment::kDotDot;
  return Segment::kName;
}

}  // namespace

CanonicalPath canonicalize_path(std::string_view raw) {
  CanonicalPath out;
  if (raw.empty() || raw.front() != '/' || raw.find('\\') != std::string_view::npos || has_encoded_separator(raw))
    return out;
  auto decoded = percent_decode(raw, false);
  if (!decoded || !valid_utf8(*decoded) || has_control_character(*decoded)) return out;

  // Walk the segments after the leading '/', resolving dot segments the way
  // RFC 3986 §5.2.4 does and dropping empty ones; note whether anything changed.
  std::vector<std::string_view> kept;
  bool canonical = true;
  std::string_view rest = raw.substr(1);
  const bool trailing_slash = raw.size() > 1 && raw.back() == '/';
  if (trailing_slash) rest.remove_suffix(1);
  if (raw.size() > 1) {
    for (;;) {
      const size_t slash = rest.find('/');
      const std::string_view seg = rest.substr(0, slash);
      switch (classify(seg)) {
        case Segment::kName: kept.push_back(seg); break;
        case Segment::kEmpty:
        case Segment::kDot: canonical = false; break;
        case Segment::kDotDot:
          canonical = false;
          if (!kept.empty()) kept.pop_back();
          break;
      }
      if (slash == std::string_view::npos) break;
      rest.remove_prefix(slash + 1);
    }
  }
  if (canonical) {
    out.form = PathForm::kCanonical;
    out.path = std::move(*decoded);
    return out;
  }
  out.form = PathForm::kNonCanonical;
  out.path = "/";
  for (size_t i = 0; i < kept.size(); ++i) {
    if (i) out.path += '/';
    out.path += kept[i];
  }
  if (trailing_slash && !kept.empty()) out.path += '/';
  return out;
}

}  // namespace deskd::http
