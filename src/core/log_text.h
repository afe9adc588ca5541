#pragma once
// Values from outside (paths, header values, names) written into a log line:
// control characters, backslashes and quotes are escaped so a value can never
// start a new line or forge a field of its own. Long values are cut.
#include <string>
#include <string_view>

namespace deskd {

inline constexpr size_t kMaxLoggedValueBytes = 512;

// "a\nb" -> "a\x0ab"; bytes >= 0x80 (UTF-8) are kept as they are.
std::string log_text(std::string_view value);

}  // namespace deskd
