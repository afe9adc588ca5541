#pragma once
// Which addresses a webhook may be delivered to (SSRF protection, SPEC §12).
// Unless `webhooks.allow_private = true`, deskd refuses every address that is
// not on the public Internet: loopback, private (RFC 1918, fc00::/7),
// link-local, 0.0.0.0/8 and ::, CGNAT 100.64.0.0/10, multicast, reserved and
// documentation ranges, and the IPv4-mapped (::ffff:a.b.c.d) and
// IPv4-compatible (::a.b.c.d) forms of those, their NAT64 (64:ff9b::a.b.c.d)
// and 6to4 (2002:AABB:CCDD::) forms, and Teredo (2001::/32). Pure functions;
// thread-safe.
#include <string_view>

struct sockaddr;

namespace deskd::webhooks {

// True when `address` (textual IPv4 or IPv6, no brackets, no port, no zone)
// must not be connected to. Anything that is not an address is refused.
bool is_refused_address(std::string_view address);

// The same for a socket address (AF_INET / AF_INET6); other families are refused.
bool is_refused_address(const struct sockaddr* address);

}  // namespace deskd::webhooks
