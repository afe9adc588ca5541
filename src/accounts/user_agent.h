#pragma once
// A short readable summary of a User-Agent header for "My sessions" lists,
// e.g. "Firefox on Linux", "Chrome on Android", "Safari on iPhone". Pure; thread-safe.
#include <string>
#include <string_view>

namespace deskd::accounts {

// "" when the header says nothing recognisable (the caller shows a placeholder).
std::string browser_summary(std::string_view user_agent);

}  // namespace deskd::accounts
