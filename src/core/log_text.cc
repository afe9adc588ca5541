#include "core/log_text.h"

namespace deskd {

namespace {

// The length of the well-formed UTF-8 character starting at value[i] (2 to 4
// bytes; no overlong forms, surrogates or code points beyond U+10FFFF), or 0.
size_t utf8_length_at(std::string_view value, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(value[i + k]); };
  const unsigned char lead = byte(0);
  const size_t n = lead >= 0xC2 && lead <= 0xDF   ? 2
                   : lead >= 0xE0 && lead <= 0xEF ? 3
                   : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                  : 0;
  if (n == 0 || i + n > value.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(k) & 0xC0) != 0x80) return 0;
  }
  if (lead == 0xE0 && byte(1) < 0xA0) return 0;   // overlong
  if (lead == 0xED && byte(1) >= 0xA0) return 0;  // surrogate
  if (lead == 0xF0 && byte(1) < 0x90) return 0;   // overlong
  if (lead == 0xF4 && byte(1) >= 0x90) return 0;  // beyond U+10FFFF
  return n;
}

}  // namespace

std::string log_text(std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  const bool cut = value.size() > kMaxLoggedValueBytes;
  if (cut) value = value.substr(0, kMaxLoggedValueBytes);
  std::string out;
  out.reserve(value.size() + 8);
  for (size_t i = 0; i < value.size();) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c >= 0x80) {
      if (const size_t n = utf8_length_at(value, i)) {
        out.append(value.substr(i, n));
        i += n;
        continue;
      }
    }
    if (c < 0x20 || c >= 0x7f || c == '\\' || c == '"') {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
  if (cut) out += "...";
  return out;
}

}  // namespace deskd
