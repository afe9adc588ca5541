#include "core/networks.h"

#include <arpa/inet.h>

#include <cstring>

#include "core/text.h"

namespace deskd {
namespace {

// The 128-bit form of an address; IPv4 becomes ::ffff:a.b.c.d. `v4` tells which it was.
std::optional<std::array<uint8_t, 16>> to_bytes(std::string_view text, bool& v4) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string s(text);
  std::array<uint8_t, 16> out{};
  in_addr a4{};
  if (inet_pton(AF_INET, s.c_str(), &a4) == 1) {
    v4 = true;
    out[10] = out[11] = 0xff;
    std::memcpy(out.data() + 12, &a4, 4);
    return out;
  }
  in6_addr a6{};
  if (inet_pton(AF_INET6, s.c_str(), &a6) == 1) {
    v4 = false;
    std::memcpy(out.data(), &a6, 16);
    return out;
  }
  return std::nullopt;
}

bool same_prefix(const std::array<uint8_t, 16>& a, const std::array<uint8_t, 16>& b, int bits) {
  int i = 0;
  for (; bits >= 8; bits -= 8, ++i)
    if (a[i] != b[i]) return false;
  if (bits == 0) return true;
  const uint8_t mask = static_cast<uint8_t>(0xff << (8 - bits));
  return (a[i] & mask) == (b[i] & mask);
}


}  // namespace

std::optional<NetworkList> NetworkList::parse(std::string_view text) {
  NetworkList list;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view item = trim_ows(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (item.empty()) continue;
    const size_t slash = item.find('/');
    bool v4 = false;
    auto bytes = to_bytes(item.substr(0, slash), v4);
    if (!bytes) return std::nullopt;
    const int max_bits = v4 ? 32 : 128;
    int bits = max_bits;
    if (slash != std::string_view::npos) {
      const std::string_view p = item.substr(slash + 1);
      if (p.empty() || p.size() > 3) return std::nullopt;
      bits = 0;
      for (char c : p) {
        if (c < '0' || c > '9') return std::nullopt;
        bits = bits * 10 + (c - '0');
      }
      if (bits > max_bits) return std::nullopt;
    }
    list.networks_.push_back({*bytes, v4 ? bits + 96 : bits});
    list.entries_.push_back(std::string(item.substr(0, slash)) + "/" + std::to_string(bits));
  }
  return list;
}

bool NetworkList::contains(std::string_view address) const {
  bool v4 = false;
  auto bytes = to_bytes(address, v4);
  if (!bytes) return false;
  for (const auto& n : networks_)
    if (same_prefix(*bytes, n.bytes, n.prefix)) return true;
  return false;
}

}  // namespace deskd
