#pragma once
// Values from outside (paths, header values, names) written into a log line:
// control characters, backslashes, quotes and bytes that are not UTF-8 are escaped so a value can never
// start a new line or forge a field of its own. Long values are cut.
#include <string>
#include <string_view>

namespace deskd {

inline constexpr size_t kMaxLoggedValueBytes = 512;

// "a\nb" -> "a\x0ab"; well-formed UTF-8 is kept as it is, any other byte >= 0x80
// is escaped too, so every log line is valid UTF-8 for the shippers that read it.
std::string log_text(std::string_view value);

}  // namespace deskd
