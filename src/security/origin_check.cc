#include "security/origin_check.h"

#include <cstdint>

#include "core/text.h"

namespace deskd::security {
namespace {


bool is_reg_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

bool is_ipv6_literal_char(char c) {
  return (c >= 'a' && c <= 'f') || (c >= '0' && c <= '9') || c == ':' || c == '.';
}

// Lower-cased host, or "" when it is not a plain DNS name, IPv4 address or [IPv6] literal.
std::string parse_host(std::string_view raw) {
  std::string host = ascii_lower(raw);
  if (host.empty()) return "";
  if (host.front() == '[') {
    if (host.size() < 4 || host.back() != ']') return "";
    for (size_t i = 1; i + 1 < host.size(); ++i) {
      if (!is_ipv6_literal_char(host[i])) return "";
    }
    return host;
  }
  for (char c : host) {
    if (!is_reg_name_char(c)) return "";
  }
  return host;
}

// The port number, -1 for "no port given" (also "host:"), -2 when invalid.
int parse_port(std::string_view digits) {
  if (digits.empty()) return -1;
  if (digits.size() > 5) return -2;
  int32_t port = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return -2;
    port = port * 10 + (c - '0');
  }
  return port <= 65535 ? port : -2;
}

}  // namespace

bool is_safe_method(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

std::string origin_of_url(std::string_view url) {
  const size_t sep = url.find("://");
  if (sep == std::string_view::npos) return "";
  const std::string scheme = ascii_lower(url.substr(0, sep));
  int default_port = 0;
  if (scheme == "http") {
    default_port = 80;
  } else if (scheme == "https") {
    default_port = 443;
  } else {
    return "";
  }
  std::string_view rest = url.substr(sep + 3);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) return "";

  std::string_view host_part = authority;
  std::string_view port_part;
  bool has_port_sep = false;
  const size_t bracket = authority.rfind(']');
  const size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    host_part = authority.substr(0, colon);
    port_part = authority.substr(colon + 1);
    has_port_sep = true;
  }
  const std::string host = parse_host(host_part);
  if (host.empty()) return "";
  int port = has_port_sep ? parse_port(port_part) : -1;
  if (port == -2) return "";
  if (port == -1 || port == default_port) return scheme + "://" + host;
  return scheme + "://" + host + ":" + std::to_string(port);
}

OriginVerdict check_origin(const OriginInput& in) {
  if (is_safe_method(in.method)) return OriginVerdict::kAllow;
  if (ascii_lower(in.sec_fetch_site) == "cross-site") return OriginVerdict::kCrossSite;
  const std::string own = origin_of_url(in.own_origin);
  if (!in.origin.empty()) {
    const std::string origin = origin_of_url(in.origin);
    if (origin.empty() || own.empty() || origin != own) return OriginVerdict::kBadOrigin;
    return OriginVerdict::kAllow;
  }
  if (!in.referer.empty()) {
    const std::string origin = origin_of_url(in.referer);
    if (origin.empty() || own.empty() || origin != own) return OriginVerdict::kBadReferer;
  }
  return OriginVerdict::kAllow;
}

}  // namespace deskd::security
