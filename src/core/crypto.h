#pragma once
// Thin, allocation-friendly wrappers over libsodium used across modules:
// encoding, hashing for storage at rest, MACs and constant-time comparison.
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

// HMAC-SHA512-256 (crypto_auth) of `data` under a 32-byte key; raw 32 bytes.
std::string mac(std::string_view key32, std::string_view data);

// HMAC-SHA512-256 under one fixed 32-byte key, the key's pad blocks hashed
// once: tag(data) == mac(key32, data) at half the cost. Thread-safe (tag only
// reads the keyed state).
class MacKey {
 public:
  explicit MacKey(std::string_view key32);
  ~MacKey();
  MacKey(const MacKey&) = delete;
  MacKey& operator=(const MacKey&) = delete;
  std::string tag(std::string_view data) const;  // raw 32 bytes

 private:
  alignas(64) unsigned char keyed_[416];  // a crypto_auth_hmacsha512256_state (sodium.h kept out of this header)
};

// Constant-time equality; lengths are compared first (length is not secret).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace deskd
