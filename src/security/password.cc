#include "security/password.h"

#include <sodium.h>

#include <array>

namespace deskd::security {
namespace {

constexpr std::string_view kArgon2idPrefix = "$argon2id$";

bool acceptable_password(std::string_view password) {
  return !password.empty() && password.size() <= kMaxPasswordBytes;
}

// Copies an argon2id hash string into the NUL-terminated buffer libsodium reads;
// false when it cannot be one (too long, other algorithm, embedded NUL).
bool to_c_hash(std::string_view stored_hash, std::array<char, crypto_pwhash_STRBYTES>& out) {
  if (stored_hash.size() >= out.size() || !stored_hash.starts_with(kArgon2idPrefix)) return false;
  if (stored_hash.find('\0') != std::string_view::npos) return false;
  out.fill('\0');
  stored_hash.copy(out.data(), stored_hash.size());
  return true;
}

}  // namespace

PasswordParams default_password_params() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordParams fast_test_password_params() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

PasswordHasher::PasswordHasher(PasswordParams p) : params_(p) {}

Result<std::string> PasswordHasher::hash(std::string_view password) const {
  if (password.empty()) return invalid_argument("password is empty");
  if (password.size() > kMaxPasswordBytes) return invalid_argument("password is too long");
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), params_.opslimit, params_.memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return resource_exhausted("password hashing failed (out of memory)");
  }
  return std::string(out.data());
}

bool PasswordHasher::verify(std::string_view stored_hash, std::string_view password) const {
  if (!acceptable_password(password)) return false;
  std::array<char, crypto_pwhash_STRBYTES> c_hash;
  if (!to_c_hash(stored_hash, c_hash)) return false;
  return crypto_pwhash_str_verify(c_hash.data(), password.data(), password.size()) == 0;
}

bool PasswordHasher::needs_rehash(std::string_view stored_hash) const {
  std::array<char, crypto_pwhash_STRBYTES> c_hash;
  if (!to_c_hash(stored_hash, c_hash)) return true;
  return crypto_pwhash_str_needs_rehash(c_hash.data(), params_.opslimit, params_.memlimit) != 0;
}

bool PasswordHasher::verify_dummy(std::string_view password) const {
  const std::string& dummy = dummy_hash();
  // An oversize or empty password is rejected by verify() without hashing; so it is here.
  if (!dummy.empty()) (void)verify(dummy, password);
  return false;
}

const std::string& PasswordHasher::dummy_hash() const {
  std::call_once(dummy_once_, [this] {
    // A random password nobody knows: the dummy hash can never verify.
    std::array<unsigned char, 32> secret;
    randombytes_buf(secret.data(), secret.size());
    std::array<char, 2 * secret.size() + 1> hex;
    sodium_bin2hex(hex.data(), hex.size(), secret.data(), secret.size());
    sodium_memzero(secret.data(), secret.size());
    Result<std::string> h = hash(std::string_view(hex.data(), hex.size() - 1));
    sodium_memzero(hex.data(), hex.size());
    if (h.is_ok()) dummy_hash_ = std::move(h).value();
  });
  return dummy_hash_;
}

}  // namespace deskd::security
