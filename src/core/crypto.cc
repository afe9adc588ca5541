#include "core/crypto.h"

#include <sodium.h>

#include <cstdint>
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

// encode_sextet() on the four 6-bit values held in the bytes of `v` at once
// (SWAR: the first character in the lowest byte). Every byte stays within
// 0..255 at every step, so no carry or borrow crosses into its neighbour.
inline uint32_t encode_sextets4(uint32_t v) {
  constexpr uint32_t kOnes = 0x01010101u;
  const auto at_least = [v](uint32_t bound) {  // 1 in each byte whose value is >= bound
    return ((v + (128 - bound) * kOnes) >> 7) & kOnes;
  };
  uint32_t c = v + uint32_t{'A'} * kOnes;
  c += at_least(26) * uint32_t{'a' - 26 - 'A'};           // a-z
  c -= at_least(52) * uint32_t{('a' - 26) - ('0' - 52)};  // 0-9
  c -= at_least(62) * uint32_t{('0' - 52) - ('-' - 62)};  // -
  c += at_least(63) * uint32_t{('_' - 63) - ('-' - 62)};  // _
  return c;
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

// decode_sextet() on four characters at once (SWAR: the first character in
// the lowest byte): the four 6-bit values, in the same bytes. Sets bits of
// `invalid` when a character is outside the alphabet. No step carries or
// borrows across a byte (see the bounds beside each).
inline uint32_t decode_sextets4(uint32_t x, uint32_t& invalid) {
  constexpr uint32_t kOnes = 0x01010101u;
  constexpr uint32_t kHigh = 0x80808080u;
  invalid |= x & kHigh;           // no character of the alphabet is >= 128
  const uint32_t c = x & ~kHigh;  // 0..127 in each byte
  // 0x80 in each byte whose value is >= bound, 1 <= bound <= 128 (c + 128 - bound <= 254).
  const auto at_least = [c](uint32_t bound) { return (c + (128 - bound) * kOnes) & kHigh; };
  const auto within = [&at_least](uint32_t lo, uint32_t hi) { return at_least(lo) & ~at_least(hi + 1); };
  const uint32_t upper = within('A', 'Z');
  const uint32_t lower = within('a', 'z');
  const uint32_t digit = within('0', '9');
  const uint32_t dash = within('-', '-');
  const uint32_t underscore = within('_', '_');
  invalid |= ~(upper | lower | digit | dash | underscore) & kHigh;
  const auto bytes_of = [](uint32_t mask) { return (mask >> 7) * 0xFFu; };  // 0x80 -> 0xFF per byte
  // c - offset in the low 7 bits wherever c >= offset (128 + c - offset >= 31: no
  // borrow). A digit is c - '0' + 52 = c + 4 (at most 131: no carry).
  const auto minus = [c](uint32_t offset) { return ((c | kHigh) - offset * kOnes) & ~kHigh; };
  return (minus('A') & bytes_of(upper)) | (minus('a' - 26) & bytes_of(lower)) |
         ((c + uint32_t{52 - '0'} * kOnes) & bytes_of(digit)) | (62 * kOnes & bytes_of(dash)) |
         (63 * kOnes & bytes_of(underscore));
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  std::string out((n / 3) * 4 + (n % 3 ? n % 3 + 1 : 0), '\0');
  char* o = out.data();
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    const uint32_t v = (uint32_t{in[i]} << 16) | (uint32_t{in[i + 1]} << 8) | in[i + 2];
    const uint32_t chars =
        encode_sextets4((v >> 18) | (((v >> 12) & 63) << 8) | (((v >> 6) & 63) << 16) | ((v & 63) << 24));
    *o++ = static_cast<char>(chars);
    *o++ = static_cast<char>(chars >> 8);
    *o++ = static_cast<char>(chars >> 16);
    *o++ = static_cast<char>(chars >> 24);
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
  uint32_t invalid4 = 0;
  for (; i + 4 <= n; i += 4) {
    const uint32_t s = decode_sextets4(
        uint32_t{in[i]} | (uint32_t{in[i + 1]} << 8) | (uint32_t{in[i + 2]} << 16) | (uint32_t{in[i + 3]} << 24),
        invalid4);
    const unsigned v = ((s & 63) << 18) | (((s >> 8) & 63) << 12) | (((s >> 16) & 63) << 6) | ((s >> 24) & 63);
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
  if (invalid != 0 || invalid4 != 0 || trailing != 0) {
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
