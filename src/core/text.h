#pragma once
// Byte-level text helpers shared by every module: trimming and ASCII case
// folding. Locale-independent (never std::isspace / std::tolower, whose
// answers depend on the process locale) and UTF-8 safe: only ASCII bytes are
// trimmed or folded, so a multi-byte character is never cut or changed.
// Pure functions; thread-safe.
#include <string>
#include <string_view>

namespace deskd {

// RFC 9110 optional whitespace: space and horizontal tab (header values,
// list items, cookie pairs).
constexpr bool is_ows(char c) {
  return c == ' ' || c == '\t';
}

// ASCII whitespace: space, tab, LF, VT, FF, CR (the "C" locale's isspace).
constexpr bool is_ascii_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

// `s` without leading and trailing is_ows() bytes.
std::string_view trim_ows(std::string_view s);

// `s` without leading and trailing is_ascii_space() bytes (typed input, lines).
std::string_view trim_space(std::string_view s);

constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// `s` with A-Z folded to a-z; every other byte unchanged.
std::string ascii_lower(std::string_view s);

// Equal after ascii_lower() of both.
bool iequals_ascii(std::string_view a, std::string_view b);

}  // namespace deskd
