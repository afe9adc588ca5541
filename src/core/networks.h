#pragma once
// IP networks in CIDR notation, IPv4 and IPv6 ("10.0.0.0/8, 2001:db8::/32,
// 192.0.2.7"): the allow-lists of the Agent and Admin areas (SPEC §12). A bare
// address is a /32 (/128). IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) match
// IPv4 networks. Immutable after parsing; safe to share between threads.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace deskd {

class NetworkList {
 public:
  NetworkList() = default;

  // nullopt when any entry is not an address or CIDR network (or the prefix is too long).
  static std::optional<NetworkList> parse(std::string_view comma_separated);

  bool empty() const { return networks_.empty(); }
  // True when `address` (textual IPv4 or IPv6, as the client address is kept)
  // lies in one of the networks. False for anything that is not an address.
  bool contains(std::string_view address) const;
  // The entries as parsed, normalised ("10.0.0.0/8"), for display.
  const std::vector<std::string>& entries() const { return entries_; }

 private:
  struct Network {
    std::array<uint8_t, 16> bytes{};  // IPv4 as ::ffff:a.b.c.d
    int prefix = 0;                   // over the 128-bit form
  };
  std::vector<Network> networks_;
  std::vector<std::string> entries_;
};

}  // namespace deskd
