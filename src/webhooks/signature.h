#pragma once
// How a webhook delivery is signed (SPEC §12, docs/webhooks.md):
//   X-Deskd-Timestamp: <Unix seconds>
//   X-Deskd-Signature: sha256=HEX(HMAC-SHA256(secret, timestamp + "." + body))
// Pure functions over libsodium; thread-safe.
#include <cstdint>
#include <string>
#include <string_view>

namespace deskd::webhooks {

// "sha256=" followed by 64 lower-case hex digits.
std::string signature(std::string_view secret, int64_t timestamp_s, std::string_view body);

}  // namespace deskd::webhooks
