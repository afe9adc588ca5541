#pragma once
// Password hashing with argon2id (libsodium crypto_pwhash_str). crypto_init() must have run.
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

#include "core/status.h"

namespace deskd::security {

// Passwords longer than this are refused by hash() and never verified: argon2id
// accepts any length, but an unbounded input is a free CPU lever for an attacker.
inline constexpr size_t kMaxPasswordBytes = 1024;

struct PasswordParams {
  unsigned long long opslimit;
  size_t memlimit;
};

// crypto_pwhash_OPSLIMIT_INTERACTIVE / crypto_pwhash_MEMLIMIT_INTERACTIVE.
PasswordParams default_password_params();
// crypto_pwhash_OPSLIMIT_MIN / crypto_pwhash_MEMLIMIT_MIN: for tests only, never for real accounts.
PasswordParams fast_test_password_params();

// Thread-safe. Every call except needs_rehash() blocks for one argon2id computation
// (tens of milliseconds and `memlimit` bytes with default params): call from worker
// threads only, never from an I/O thread.
class PasswordHasher {
 public:
  explicit PasswordHasher(PasswordParams p);
  PasswordHasher(const PasswordHasher&) = delete;
  PasswordHasher& operator=(const PasswordHasher&) = delete;

  // An encoded "$argon2id$..." string holding salt and params. InvalidArgument for an
  // empty password or one over kMaxPasswordBytes; ResourceExhausted when the memory
  // for the hash cannot be had.
  Result<std::string> hash(std::string_view password) const;

  // True only when `stored_hash` is a well-formed argon2id string for `password`.
  // False for malformed hashes, empty or oversize passwords; never crashes.
  bool verify(std::string_view stored_hash, std::string_view password) const;

  // True when `stored_hash` was made with other params than this hasher's (or is
  // malformed), so it should be replaced by hash() after a successful verify().
  bool needs_rehash(std::string_view stored_hash) const;

  // Does the work of a verify() against a fixed dummy hash with this hasher's params,
  // so an unknown e-mail costs the same time as a wrong password. Always false.
  // The dummy hash is made once, on the first call.
  bool verify_dummy(std::string_view password) const;

  // The hash verify_dummy() checks against: made by this hasher, so it carries this
  // hasher's params and a verify against it costs what a real one does.
  const std::string& dummy_hash() const;

 private:

  PasswordParams params_;
  mutable std::once_flag dummy_once_;
  mutable std::string dummy_hash_;
};

}  // namespace deskd::security
