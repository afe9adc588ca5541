#pragma once
// Set-Cookie serialisation for registry cookies. The only place in deskd that
// spells a Set-Cookie value. Pure functions, thread-safe.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cookies/registry.h"

namespace deskd::cookies {

inline constexpr size_t kMaxValueBytes = 4096;
inline constexpr std::string_view kHostPrefix = "__Host-";

struct WriteOptions {
  bool secure = false;      // the request reached deskd over HTTPS (directly or via a trusted proxy)
  std::string_view prefix;  // "" or "__Host-"; applied only when secure
};

// The name on the wire: prefix + name when secure, a prefix is configured and the
// server sets the cookie; otherwise the registry name.
std::string wire_name(const CookieSpec& spec, const WriteOptions& opts);

// True when `v` consists of RFC 6265 cookie-octets only and is at most kMaxValueBytes long.
bool valid_cookie_value(std::string_view v);

// `NAME=VALUE; Path=/; [HttpOnly; ]SameSite=Lax|Strict[; Max-Age=N][; Secure]`.
// Max-Age appears only for multi-session cookies: the override when given (negative
// clamps to 0), else spec.max_age_s. Precondition: valid_cookie_value(value).
std::string format_set_cookie(const CookieSpec& spec, std::string_view value, const WriteOptions& opts,
                              std::optional<int64_t> max_age_override = std::nullopt);

// `NAME=; Path=/; [HttpOnly; ]SameSite=...; Max-Age=0[; Secure]` — never Expires.
std::string format_delete_cookie(const CookieSpec& spec, const WriteOptions& opts);

}  // namespace deskd::cookies
