#include "accounts/fields.h"

#include <algorithm>
#include <cctype>

#include "core/text.h"

namespace deskd::accounts {
namespace {

bool valid_local_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u >= 0x7f) return false;
  return std::string_view("\"(),:;<>@[\\]").find(c) == std::string_view::npos;
}

bool valid_label(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
  return std::all_of(label.begin(), label.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
}

}  // namespace

std::string trimmed(std::string_view text) {
  return std::string(trim_space(text));
}

std::string normalized_email(std::string_view raw) {
  std::string e = trimmed(raw.substr(0, kMaxEmail + 1));
  return ascii_lower(e);
}

bool valid_email(std::string_view email) {
  if (email.empty() || email.size() > kMaxEmail) return false;
  const size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) return false;
  const std::string_view local = email.substr(0, at);
  const std::string_view domain = email.substr(at + 1);
  if (local.size() > 64 || !std::all_of(local.begin(), local.end(), valid_local_char)) return false;
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return false;
  if (domain.find('.') == std::string_view::npos) return false;
  size_t start = 0;
  while (start <= domain.size()) {
    size_t dot = domain.find('.', start);
    if (dot == std::string_view::npos) dot = domain.size();
    if (!valid_label(domain.substr(start, dot - start))) return false;
    start = dot + 1;
  }
  return true;
}

size_t utf8_length(std::string_view text) {
  return static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
}

std::string_view password_problem(std::string_view password, std::string_view confirmation) {
  if (password.size() > kMaxPasswordBytes) return "account.password_long";
  if (utf8_length(password) < kMinPasswordChars) return "account.password_short";
  if (password != confirmation) return "account.password_mismatch";
  return {};
}

}  // namespace deskd::accounts
