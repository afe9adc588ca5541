#pragma once
// The `redis.url` setting (SPEC §9): redis://HOST:PORT/N. HOST is a name or
// an IPv4 address ([IPv6] in brackets), PORT defaults to 6379, N (the
// database number, 0-15) to 0. Passwords and TLS are not supported: every
// other spelling is refused with a message naming the setting, never
// silently ignored.
#include <string>
#include <string_view>

#include "core/status.h"

namespace deskd::cluster {

struct RedisEndpoint {
  std::string host;
  int port = 6379;
  int db = 0;
};

// InvalidArgument whose message starts with "redis.url".
Result<RedisEndpoint> parse_redis_url(std::string_view url);

}  // namespace deskd::cluster
