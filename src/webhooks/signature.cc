#include "webhooks/signature.h"

#include <sodium.h>

#include "core/crypto.h"

namespace deskd::webhooks {

std::string signature(std::string_view secret, int64_t timestamp_s, std::string_view body) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  const std::string prefix = std::to_string(timestamp_s) + ".";
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(prefix.data()), prefix.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  sodium_memzero(&state, sizeof state);
  return "sha256=" + hex_encode(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
}

}  // namespace deskd::webhooks
