#include "security/visitor_token.h"

#include <sodium.h>

#include <array>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <functional>
#include <utility>

#include "core/crypto.h"

namespace deskd::security {
namespace {

// Domain separation from every other use of a server key.
constexpr std::string_view kMacLabel = "deskd-visitor-v1|";

static_assert(crypto_generichash_BYTES_MIN >= kVisitorMacBytes);
static_assert(kVisitorKeyBytes >= crypto_generichash_KEYBYTES_MIN &&
              kVisitorKeyBytes <= crypto_generichash_KEYBYTES_MAX);
static_assert((kVisitorRandomBytes + kVisitorMacBytes) % 3 == 0 &&
                  (kVisitorRandomBytes + kVisitorMacBytes) / 3 * 4 == kVisitorTokenChars,
              "a token is base64url without padding of exactly kVisitorTokenChars characters");

// Ids valid() accepted lately on this thread. A browser sends its dp_v with
// every page, and checking it costs a base64url decode and a keyed BLAKE2b
// (about 4 k instructions); finding it here, a hash and one compare. Only
// accepted ids get in (a refused one is checked in full every time), each
// with the VisitorTokens that accepted it and a fingerprint of its key, so an
// object with another key at the same address never sees them; a slot holds
// whichever accepted id mapped to it last.
struct AcceptedIds {
  static constexpr size_t kSlots = 512;
  struct Slot {
    const void* owner = nullptr;
    uint64_t key_print = 0;
    std::array<char, kVisitorTokenChars> id{};
  };
  std::array<Slot, kSlots> slots{};
};
thread_local AcceptedIds accepted_ids;

}  // namespace

VisitorTokens::VisitorTokens(std::string key32) : key_(std::move(key32)) {
  assert(key_.size() == kVisitorKeyBytes);
}

VisitorTokens::~VisitorTokens() {
  sodium_memzero(key_.data(), key_.size());
}

std::string VisitorTokens::tag(std::string_view random_part) const {
  crypto_generichash_state state;
  crypto_generichash_init(&state, reinterpret_cast<const unsigned char*>(key_.data()), key_.size(),
                          crypto_generichash_BYTES_MIN);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(kMacLabel.data()), kMacLabel.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(random_part.data()), random_part.size());
  unsigned char out[crypto_generichash_BYTES_MIN];
  crypto_generichash_final(&state, out, sizeof out);
  return std::string(reinterpret_cast<const char*>(out), kVisitorMacBytes);
}

std::string VisitorTokens::issue(deskd::Random& random) const {
  std::string raw(kVisitorRandomBytes, '\0');
  random.fill(raw.data(), raw.size());
  raw += tag(raw);
  return base64url_encode(raw);
}

bool VisitorTokens::valid(std::string_view token) const {
  if (token.size() != kVisitorTokenChars) return false;
  const uint64_t key_print = std::hash<std::string>{}(key_);
  AcceptedIds::Slot& slot = accepted_ids.slots[std::hash<std::string_view>{}(token) % AcceptedIds::kSlots];
  if (slot.owner == this && slot.key_print == key_print &&
      constant_time_equal(std::string_view(slot.id.data(), slot.id.size()), token))
    return true;
  auto raw = base64url_decode(token);
  if (!raw || raw->size() != kVisitorRandomBytes + kVisitorMacBytes) return false;
  const std::string_view bytes(*raw);
  if (!constant_time_equal(tag(bytes.substr(0, kVisitorRandomBytes)), bytes.substr(kVisitorRandomBytes))) return false;
  slot.owner = this;
  slot.key_print = key_print;
  std::memcpy(slot.id.data(), token.data(), slot.id.size());
  return true;
}

}  // namespace deskd::security
