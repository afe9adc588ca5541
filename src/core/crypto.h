#pragma once
// Thin, allocation-friendly wrappers over libsodium used across modules:
// encoding, hashing for storage at rest, MACs and constant-time comparison.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace deskd {

// Calls sodium_init() once; safe to call from any thread, any number of times.
// Returns false when libsodium cannot initialise (the process must not start).
bool crypto_init();

std::string base64url_encode(std::string_view bytes);
// True when every character is in the base64url alphabet [A-Za-z0-9_-] (no padding).
bool is_base64url(std::string_view text);
// Strict: rejects padding, whitespace and characters outside [A-Za-z0-9_-].
std::optional<std::string> base64url_decode(std::string_view text);

std::string hex_encode(std::string_view bytes);

// BLAKE2b-256 of `data`, hex encoded: how secret ids are stored at rest.
std::string hash_hex(std::string_view data);

// SHA-256 of `data`, lower-case hex (64 characters): the content address of
// attachment bytes, comparable with `sha256sum` and the API's `sha256` field.
std::string sha256_hex(std::string_view data);

// Lower-case or upper-case hex to bytes; nullopt for an odd length or a
// non-hex character.
std::optional<std::string> hex_decode(std::string_view hex);

inline constexpr size_t kMacBytes = 32;

// A MAC of `data` under a 32-byte key: keyed BLAKE2b-256 (RFC 7693 §2.5,
// libsodium's crypto_generichash with a key); raw kMacBytes bytes. One
// compression for a short message, a quarter of HMAC-SHA512-256's.
std::string mac(std::string_view key32, std::string_view data);

// mac() under one fixed key held for its lifetime (wiped on destruction).
// Thread-safe.
class MacKey {
 public:
  explicit MacKey(std::string_view key32);
  ~MacKey();
  MacKey(const MacKey&) = delete;
  MacKey& operator=(const MacKey&) = delete;
  std::string tag(std::string_view data) const;  // raw kMacBytes bytes

 private:
  unsigned char key_[32] = {};
};

// Constant-time equality; lengths are compared first (length is not secret).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace deskd
