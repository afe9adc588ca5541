#pragma once
// Injectable randomness. Production uses libsodium's CSPRNG; tests may use a
// deterministic source. Every secret id (session, remember token, CSRF secret,
// visitor token) is drawn through Random.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>

namespace deskd {

class Random {
 public:
  virtual ~Random() = default;
  // Fills buf with len random bytes. Thread-safe.
  virtual void fill(void* buf, size_t len) = 0;

  // `bytes` random bytes, base64url without padding.
  std::string token(size_t bytes);
};

// libsodium randombytes_buf. sodium_init() must have run (see core/crypto.h).
class SodiumRandom final : public Random {
 public:
  void fill(void* buf, size_t len) override;
};

// Deterministic xorshift stream for tests only; never a secret source.
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(uint64_t seed) : state_(seed ? seed : 0x9E3779B97F4A7C15ull) {}
  void fill(void* buf, size_t len) override;

 private:
  std::mutex mu_;
  uint64_t state_;
};

}  // namespace deskd
