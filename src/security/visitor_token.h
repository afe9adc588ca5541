#pragma once
// Visitor ids the server issued (SPEC §1.6, docs/security.md): the Help
// Center's dp_v cookie and the Messenger's X-DP-Visitor carry the same value,
//
//   base64url(16 random bytes || first 8 bytes of BLAKE2b-keyed(key, label || random))
//
// 32 characters. Checking the MAC tells an id this server (or another node with
// the same key) issued from one a client made up, without storage and without
// trusting Origin or Host. An id grants no authentication; it only names a
// visitor, and one that was never issued is refused.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/random.h"

namespace deskd::security {

inline constexpr size_t kVisitorKeyBytes = 32;
inline constexpr size_t kVisitorRandomBytes = 16;
inline constexpr size_t kVisitorMacBytes = 8;
inline constexpr size_t kVisitorTokenChars = 32;  // base64url of 24 bytes

// Thread-safe (immutable after construction).
class VisitorTokens {
 public:
  // `key32`: exactly kVisitorKeyBytes random bytes kept by the app so every
  // node shares them (another size is a programming error).
  explicit VisitorTokens(std::string key32);
  ~VisitorTokens();
  VisitorTokens(const VisitorTokens&) = delete;
  VisitorTokens& operator=(const VisitorTokens&) = delete;

  // A fresh id: kVisitorRandomBytes from `random`, then their MAC.
  std::string issue(deskd::Random& random) const;
  // True only for an id issue() produced under this key: exactly
  // kVisitorTokenChars base64url characters whose MAC matches (constant-time
  // compare). False for anything else, including the 22-character ids of
  // earlier versions.
  bool valid(std::string_view token) const;

 private:
  std::string tag(std::string_view random_part) const;

  std::string key_;
};

}  // namespace deskd::security
