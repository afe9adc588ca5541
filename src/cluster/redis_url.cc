#include "cluster/redis_url.h"

#include <charconv>

namespace deskd::cluster {
namespace {

Status bad(std::string_view url, std::string_view why) {
  std::string shown(url.substr(0, 200));
  // Never echo a password someone put in the URL.
  if (size_t at = shown.rfind('@'), scheme = shown.find("://");
      at != std::string::npos && scheme != std::string::npos && scheme + 3 <= at)
    shown.replace(scheme + 3, at - scheme - 3, "***");
  return invalid_argument("redis.url must look like redis://HOST:PORT/N (" + std::string(why) + "), not '" + shown +
                          "'");
}

bool parse_number(std::string_view text, int lo, int hi, int& out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && out >= lo && out <= hi;
}

}  // namespace

Result<RedisEndpoint> parse_redis_url(std::string_view url) {
  constexpr std::string_view kScheme = "redis://";
  if (!url.starts_with(kScheme)) return bad(url, "the scheme is redis://");
  std::string_view rest = url.substr(kScheme.size());
  if (rest.find('@') != std::string_view::npos) return bad(url, "credentials are not supported");
  if (rest.find_first_of("?#") != std::string_view::npos) return bad(url, "no query or fragment");
  RedisEndpoint ep;
  std::string_view authority = rest;
  if (size_t slash = rest.find('/'); slash != std::string_view::npos) {
    authority = rest.substr(0, slash);
    std::string_view db = rest.substr(slash + 1);
    if (!db.empty() && !parse_number(db, 0, 15, ep.db)) return bad(url, "N is a database number 0-15");
  }
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad(url, "unclosed [");
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad(url, "junk after ]");
      port = after.substr(1);
      if (port.empty()) return bad(url, "empty port");
    }
  } else if (size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (port.empty()) return bad(url, "empty port");
  }
  if (host.empty()) return bad(url, "a host is required");
  for (char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '-' || c == ':' || c == '_';
    if (!ok) return bad(url, "the host has characters a host name cannot have");
  }
  if (!port.empty() && !parse_number(port, 1, 65535, ep.port)) return bad(url, "the port is 1-65535");
  ep.host = std::string(host);
  return ep;
}

}  // namespace deskd::cluster
