#pragma once
// REST API keys (SPEC §12): `dk_` followed by 32 bytes from the CSPRNG in
// base64url (46 characters in all). The key is shown once; storage keeps only
// hash_hex(key) — BLAKE2b-256, like session ids: a key carries 256 bits of
// entropy, so a fast hash is enough (nothing to brute-force), and lookups stay
// one indexed read per request. Pure functions; thread-safe.
#include <optional>
#include <string>
#include <string_view>

#include "core/random.h"

namespace deskd::security {

inline constexpr std::string_view kApiKeyPrefix = "dk_";
inline constexpr size_t kApiKeyBytes = 32;
inline constexpr size_t kApiKeyLength = 3 + 43;  // "dk_" + base64url(32 bytes)
inline constexpr size_t kApiKeyShownPrefix = 9;  // "dk_" + 6: what the Admin list shows of a key

struct MintedApiKey {
  std::string key;     // shown once
  std::string prefix;  // the first kApiKeyShownPrefix characters
  std::string hash;    // what storage keeps
};

MintedApiKey mint_api_key(Random& random);

// The stored form of a key.
std::string api_key_hash(std::string_view key);

// True for a string shaped like a key this server issues (prefix, length,
// base64url alphabet); says nothing about whether the key exists.
bool well_formed_api_key(std::string_view key);

// The key of an `Authorization: Bearer <key>` header value (scheme matched
// case-insensitively, one or more spaces), or nullopt when the header is
// absent, of another scheme, or the token is not a well-formed key.
std::optional<std::string_view> bearer_api_key(std::string_view authorization);

}  // namespace deskd::security
