#pragma once
// The helpdesk's own names (SPEC §7): which Host header values it answers.
// Own = the host of `server.public_url`, each `server.allowed_hosts` entry (a
// bare host matches any port), and the listen address (with `localhost` when it
// is a loopback address). A listen address on every interface (0.0.0.0, ::)
// names nothing: then only loopback names and the configured ones are own.
// Immutable after set-up apart from `set_listen_address` (called once, before
// the server accepts connections); reads are thread-safe afterwards.
#include <string>
#include <string_view>
#include <vector>

namespace deskd::pipeline {

class OwnHosts {
 public:
  OwnHosts(std::string_view public_url, const std::vector<std::string>& allowed_hosts);

  // "HOST:PORT" as the server bound it (port 0 already replaced).
  void set_listen_address(std::string_view host_port);

  // True for an own name. `host` is the Host header as sent (compared without
  // case; a port-less value means the scheme's default port, matched by a
  // configured name without port or with port 80/443).
  bool admits(std::string_view host) const;

  // "http://HOST:PORT" of the listen address, for absolute URLs when no public
  // URL is configured; "" before set_listen_address.
  const std::string& listen_origin() const { return listen_origin_; }

 private:
  struct Name {
    std::string host;  // lowercase, IPv6 in brackets
    std::string port;  // "" = any port
  };
  std::vector<Name> names_;
  std::string listen_origin_;
};

// Lowercase "host[:port]" split into host and port; nullopt-like empty host
// for a value that is not a valid host[:port] (registered name, IPv4, [IPv6]).
struct HostPort {
  std::string host;
  std::string port;
};
HostPort split_host_port(std::string_view value);

}  // namespace deskd::pipeline
