#include "core/random.h"

#include <sodium.h>

#include <cstring>
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

namespace {

// Random bytes drawn ahead, per thread. One call into libsodium's generator
// costs about as much for 256 bytes as for 16 (a ChaCha20 block, a re-key and
// a getpid() system call), and a page view draws several 16- to 32-byte
// values (CSRF secret, its mask, a visitor id). Bytes handed out are wiped
// from the pool at once, so it only ever holds bytes nobody has seen. deskd
// never forks; a child of a fork would repeat its parent's pooled bytes.
struct RandomPool {
  static constexpr size_t kBytes = 256;
  static constexpr size_t kMaxDraw = 64;  // larger draws go to libsodium directly
  unsigned char bytes[kBytes];
  size_t used = kBytes;  // bytes[used..] are unseen; all consumed at first
  ~RandomPool() { sodium_memzero(bytes, sizeof bytes); }
};
thread_local RandomPool pool;

}  // namespace

void SodiumRandom::fill(void* buf, size_t len) {
  if (len > RandomPool::kMaxDraw) {
    randombytes_buf(buf, len);
    return;
  }
  RandomPool& p = pool;
  if (RandomPool::kBytes - p.used < len) {
    randombytes_buf(p.bytes, RandomPool::kBytes);
    p.used = 0;
  }
  std::memcpy(buf, p.bytes + p.used, len);
  sodium_memzero(p.bytes + p.used, len);
  p.used += len;
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
