#pragma once
// Defence-in-depth origin checks for state-changing requests (SPEC §1.5). They run
// before, never instead of, the CSRF token check. Pure functions; thread-safe.
#include <string>
#include <string_view>

namespace deskd::security {

// Exactly GET, HEAD and OPTIONS, case-sensitive as on the wire.
bool is_safe_method(std::string_view method);

// All views borrow from the request; empty means the header is absent.
struct OriginInput {
  std::string_view method;
  std::string_view sec_fetch_site;
  std::string_view origin;
  std::string_view referer;
  std::string_view own_origin;  // "http://host:port" as the client sees the helpdesk
};

enum class OriginVerdict { kAllow, kCrossSite, kBadOrigin, kBadReferer };

// Safe methods: kAllow. Unsafe methods, in this order: Sec-Fetch-Site "cross-site" ->
// kCrossSite; an Origin that is not own_origin (scheme, host case-insensitively, port;
// "null" and unparsable values are foreign) -> kBadOrigin; no Origin but a Referer whose
// origin differs or cannot be parsed -> kBadReferer; otherwise kAllow.
OriginVerdict check_origin(const OriginInput& in);

// The serialised origin of an http(s) URL: lower-case scheme and host, the port only
// when it is not the scheme's default. "https://Example.com:443/x?y" -> "https://example.com".
// "" for anything else: other schemes, userinfo, empty or invalid host or port.
std::string origin_of_url(std::string_view url);

}  // namespace deskd::security
