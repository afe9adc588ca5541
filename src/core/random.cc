#include "core/random.h"

#include <sodium.h>

#include <vector>

#include "core/crypto.h"

namespace deskd {

std::string Random::token(size_t bytes) {
  if (bytes == 0) return {};
  std::vector<unsigned char> buf(bytes);
  fill(buf.data(), buf.size());
  std::string out = base64url_encode(std::string_view(reinterpret_cast<const char*>(buf.data()), buf.size()));
  sodium_memzero(buf.data(), buf.size());
  return out;
}

void SodiumRandom::fill(void* buf, size_t len) {
  randombytes_buf(buf, len);
}

void SeededRandom::fill(void* buf, size_t len) {
  std::lock_guard lock(mu_);
  auto* p = static_cast<unsigned char*>(buf);
  for (size_t i = 0; i < len; ++i) {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    p[i] = static_cast<unsigned char>(state_ >> 24);
  }
}

}  // namespace deskd
