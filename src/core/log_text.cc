#include "core/log_text.h"

namespace deskd {

std::string log_text(std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  const bool cut = value.size() > kMaxLoggedValueBytes;
  if (cut) value = value.substr(0, kMaxLoggedValueBytes);
  std::string out;
  out.reserve(value.size() + 8);
  for (char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f || c == '\\' || c == '"') {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += ch;
    }
  }
  if (cut) out += "...";
  return out;
}

}  // namespace deskd
