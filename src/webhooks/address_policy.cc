#include "webhooks/address_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

#include "core/networks.h"

namespace deskd::webhooks {
namespace {

// IPv4 networks also match their IPv4-mapped IPv6 form (core/networks.h).
constexpr std::string_view kRefused =
    "0.0.0.0/8, 10.0.0.0/8, 100.64.0.0/10, 127.0.0.0/8, 169.254.0.0/16, 172.16.0.0/12, 192.0.0.0/24, "
    "192.0.2.0/24, 192.88.99.0/24, 192.168.0.0/16, 198.18.0.0/15, 198.51.100.0/24, 203.0.113.0/24, "
    "224.0.0.0/4, 240.0.0.0/4, "
    // :: and ::1 and the deprecated IPv4-compatible ::a.b.c.d; discard-only;
    // NAT64 local use; documentation; ULA (fc00::/7); site-local (deprecated),
    // link-local; multicast.
    "::/96, ::ffff:0:0:0/96, 100::/64, 64:ff9b:1::/48, 2001:db8::/32, fc00::/7, fec0::/10, fe80::/10, ff00::/8, "
    // Teredo: a tunnel whose far end no address check can see.
    "2001::/32";

// The IPv4 address an IPv6 address carries to a translator that forwards to
// it: NAT64's well-known prefix 64:ff9b::/96 (RFC 6052) and 6to4's 2002::/16
// (RFC 3056). Such an address is refused when its IPv4 address is.
std::optional<std::string> embedded_ipv4(const in6_addr& v6) {
  const uint8_t* b = v6.s6_addr;
  static constexpr uint8_t kNat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  const uint8_t* v4 = nullptr;
  if (std::memcmp(b, kNat64, sizeof kNat64) == 0) v4 = b + 12;
  if (b[0] == 0x20 && b[1] == 0x02) v4 = b + 2;
  if (v4 == nullptr) return std::nullopt;
  char text[INET_ADDRSTRLEN] = {};
  if (inet_ntop(AF_INET, v4, text, sizeof text) == nullptr) return std::nullopt;
  return std::string(text);
}

const NetworkList& refused() {
  static const NetworkList list = *NetworkList::parse(kRefused);
  return list;
}

}  // namespace

bool is_refused_address(std::string_view address) {
  in6_addr v6{};
  in_addr v4{};
  const std::string text(address);
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return refused().contains(address);
  if (inet_pton(AF_INET6, text.c_str(), &v6) != 1) return true;
  if (const auto v4_inside = embedded_ipv4(v6); v4_inside && refused().contains(*v4_inside)) return true;
  return refused().contains(address);
}

bool is_refused_address(const struct sockaddr* address) {
  if (address == nullptr) return true;
  char text[INET6_ADDRSTRLEN] = {};
  if (address->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(address);
    if (!inet_ntop(AF_INET, &in->sin_addr, text, sizeof text)) return true;
  } else if (address->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
    if (!inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text)) return true;
  } else {
    return true;
  }
  return is_refused_address(std::string_view(text));
}

}  // namespace deskd::webhooks
