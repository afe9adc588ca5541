#include "core/crypto.h"

#include <sodium.h>

#include <cstring>
#include <vector>

namespace deskd {

bool crypto_init() {
  // libsodium's user-space ChaCha20 generator, seeded and re-seeded from the
  // kernel (getrandom), thread-local and fork-safe: the default asks the kernel
  // on every call, a system call per token and per masked CSRF field.
  static const bool ready = [] {
    randombytes_set_implementation(&randombytes_internal_implementation);
    return sodium_init() >= 0;
  }();
  return ready;
}

namespace {

// Branch-free and table-free (no secret-dependent memory access or jump):
// session ids, CSRF secrets and tokens pass through here. A mask is -1 when
// its condition holds, else 0; inputs are 0..255, so `>> 8` of a difference
// is the sign.
inline int at_least(int v, int bound) {  // -1 when v >= bound
  return (bound - 1 - v) >> 8;
}
inline int within(int c, int lo, int hi) {  // -1 when lo <= c <= hi
  return ((lo - 1 - c) & (c - hi - 1)) >> 8;
}

// The base64url character of a 6-bit value.
inline char encode_sextet(int v) {
  int c = v + 'A';
  c += at_least(v, 26) & ('a' - 26 - 'A');
  c += at_least(v, 52) & (('0' - 52) - ('a' - 26));
  c += at_least(v, 62) & (('-' - 62) - ('0' - 52));
  c += at_least(v, 63) & (('_' - 63) - ('-' - 62));
  return static_cast<char>(c);
}

// The 6-bit value of a base64url character; `invalid` collects -1 bits for a
// character outside the alphabet.
inline int decode_sextet(unsigned char ch, int& invalid) {
  const int c = ch;
  const int upper = within(c, 'A', 'Z');
  const int lower = within(c, 'a', 'z');
  const int digit = within(c, '0', '9');
  const int dash = within(c, '-', '-');
  const int underscore = within(c, '_', '_');
  invalid |= ~(upper | lower | digit | dash | underscore);
  return (upper & (c - 'A')) | (lower & (c - 'a' + 26)) | (digit & (c - '0' + 52)) | (dash & 62) | (underscore & 63);
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  std::string out((n / 3) * 4 + (n % 3 ? n % 3 + 1 : 0), '\0');
  char* o = out.data();
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    const unsigned v = (unsigned{in[i]} << 16) | (unsigned{in[i + 1]} << 8) | in[i + 2];
    *o++ = encode_sextet(static_cast<int>(v >> 18));
    *o++ = encode_sextet(static_cast<int>((v >> 12) & 63));
    *o++ = encode_sextet(static_cast<int>((v >> 6) & 63));
    *o++ = encode_sextet(static_cast<int>(v & 63));
  }
  if (n - i == 1) {
    *o++ = encode_sextet(in[i] >> 2);
    *o++ = encode_sextet((in[i] & 3) << 4);
  } else if (n - i == 2) {
    const unsigned v = (unsigned{in[i]} << 8) | in[i + 1];
    *o++ = encode_sextet(static_cast<int>(v >> 10));
    *o++ = encode_sextet(static_cast<int>((v >> 4) & 63));
    *o++ = encode_sextet(static_cast<int>((v << 2) & 63));
  }
  return out;
}

bool is_base64url(std::string_view text) {
  for (char c : text) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  const size_t n = text.size();
  if (n % 4 == 1) return std::nullopt;  // no byte string encodes to this length
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  std::string out(n / 4 * 3 + (n % 4 ? n % 4 - 1 : 0), '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  int invalid = 0;
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const unsigned v = (static_cast<unsigned>(decode_sextet(in[i], invalid)) << 18) |
                       (static_cast<unsigned>(decode_sextet(in[i + 1], invalid)) << 12) |
                       (static_cast<unsigned>(decode_sextet(in[i + 2], invalid)) << 6) |
                       static_cast<unsigned>(decode_sextet(in[i + 3], invalid));
    *o++ = static_cast<unsigned char>(v >> 16);
    *o++ = static_cast<unsigned char>(v >> 8);
    *o++ = static_cast<unsigned char>(v);
  }
  unsigned trailing = 0;  // bits past the last byte: must be zero (one encoding per byte string)
  if (n - i == 2) {
    const unsigned v = (static_cast<unsigned>(decode_sextet(in[i], invalid)) << 6) |
                       static_cast<unsigned>(decode_sextet(in[i + 1], invalid));
    *o++ = static_cast<unsigned char>(v >> 4);
    trailing = v & 0xf;
  } else if (n - i == 3) {
    const unsigned v = (static_cast<unsigned>(decode_sextet(in[i], invalid)) << 12) |
                       (static_cast<unsigned>(decode_sextet(in[i + 1], invalid)) << 6) |
                       static_cast<unsigned>(decode_sextet(in[i + 2], invalid));
    *o++ = static_cast<unsigned char>(v >> 10);
    *o++ = static_cast<unsigned char>(v >> 2);
    trailing = v & 0x3;
  }
  if (invalid != 0 || trailing != 0) {
    sodium_memzero(out.data(), out.size());
    return std::nullopt;
  }
  return out;
}

std::string hex_encode(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  out.resize(bytes.size() * 2);
  return out;
}

std::string hash_hex(std::string_view data) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(data.data()), data.size(), nullptr, 0);
  return hex_encode(std::string_view(reinterpret_cast<const char*>(h), sizeof h));
}

std::string sha256_hex(std::string_view data) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return hex_encode(std::string_view(reinterpret_cast<const char*>(h), sizeof h));
}

std::optional<std::string> hex_decode(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out(hex.size() / 2, '\0');
  size_t written = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(), hex.size(), nullptr,
                     &written, &end) != 0 ||
      written != out.size() || end != hex.data() + hex.size()) {
    return std::nullopt;
  }
  return out;
}

std::string mac(std::string_view key32, std::string_view data) {
  return MacKey(key32).tag(data);
}

MacKey::MacKey(std::string_view key32) {
  for (size_t i = 0; i < key32.size() && i < sizeof key_; ++i) key_[i] = static_cast<unsigned char>(key32[i]);
}

MacKey::~MacKey() {
  sodium_memzero(key_, sizeof key_);
}

std::string MacKey::tag(std::string_view data) const {
  static_assert(sizeof key_ >= crypto_generichash_KEYBYTES_MIN && sizeof key_ <= crypto_generichash_KEYBYTES_MAX);
  unsigned char out[kMacBytes];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(data.data()), data.size(), key_,
                     sizeof key_);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace deskd
