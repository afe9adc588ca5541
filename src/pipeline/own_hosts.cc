#include "pipeline/own_hosts.h"

#include <algorithm>

#include "core/text.h"

namespace deskd::pipeline {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && s.size() <= 5 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

bool is_loopback(std::string_view host) {
  return host == "localhost" || host.starts_with("127.") || host == "[::1]";
}

bool is_wildcard(std::string_view host) {
  return host.empty() || host == "0.0.0.0" || host == "[::]";
}

}  // namespace

HostPort split_host_port(std::string_view value) {
  HostPort out;
  if (value.empty() || value.size() > 261) return out;
  const std::string lower = ascii_lower(value);
  std::string_view v = lower;
  std::string_view host = v, port;
  if (v.front() == '[') {
    const size_t close = v.find(']');
    if (close == std::string_view::npos) return out;
    host = v.substr(0, close + 1);
    std::string_view inner = host.substr(1, host.size() - 2);
    if (inner.empty() || !std::all_of(inner.begin(), inner.end(), [](char c) {
          return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.';
        }))
      return out;
    std::string_view rest = v.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return out;
      port = rest.substr(1);
      if (!all_digits(port)) return out;
    }
  } else {
    const size_t colon = v.find(':');
    if (colon != std::string_view::npos) {
      host = v.substr(0, colon);
      port = v.substr(colon + 1);
      if (!all_digits(port)) return out;
    }
    if (host.empty() || host.size() > 253 || !std::all_of(host.begin(), host.end(), name_char)) return out;
  }
  out.host = std::string(host);
  out.port = std::string(port);
  return out;
}

OwnHosts::OwnHosts(std::string_view public_url, const std::vector<std::string>& allowed_hosts) {
  if (!public_url.empty()) {
    std::string_view rest = public_url;
    const bool https = rest.starts_with("https://");
    if (const size_t scheme = rest.find("://"); scheme != std::string_view::npos) rest.remove_prefix(scheme + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    HostPort hp = split_host_port(rest);
    if (!hp.host.empty()) {
      if (hp.port.empty()) hp.port = https ? "443" : "80";
      names_.push_back({hp.host, hp.port});
    }
  }
  for (const auto& entry : allowed_hosts) {
    HostPort hp = split_host_port(entry);
    if (!hp.host.empty()) names_.push_back({hp.host, hp.port});
  }
}

void OwnHosts::set_listen_address(std::string_view host_port) {
  HostPort hp = split_host_port(host_port);
  if (hp.host.empty()) return;
  if (hp.host.find(':') != std::string::npos && hp.host.front() != '[') hp.host = "[" + hp.host + "]";
  listen_origin_ = "http://" + hp.host + (hp.port.empty() ? "" : ":" + hp.port);
  if (is_wildcard(hp.host)) {
    for (const char* loop : {"localhost", "127.0.0.1", "[::1]"}) names_.push_back({loop, hp.port});
    listen_origin_ = "http://127.0.0.1" + (hp.port.empty() ? "" : ":" + hp.port);
    return;
  }
  names_.push_back({hp.host, hp.port});
  if (is_loopback(hp.host)) names_.push_back({"localhost", hp.port});
}

bool OwnHosts::admits(std::string_view host) const {
  HostPort hp = split_host_port(host);
  if (hp.host.empty()) return false;
  for (const auto& n : names_) {
    if (n.host != hp.host) continue;
    if (n.port.empty() || n.port == hp.port) return true;
    if (hp.port.empty() && (n.port == "80" || n.port == "443")) return true;
  }
  return false;
}

}  // namespace deskd::pipeline
