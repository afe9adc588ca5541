#pragma once
// CSRF protection by signed double-submit (SPEC §1.5). The `_dp_csrf_token` cookie
// holds a random secret MACed with the server key and bound to the session; each
// rendered form carries a freshly masked copy of the secret (BREACH resistance).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/crypto.h"
#include "core/random.h"

namespace deskd::security {

inline constexpr size_t kCsrfSecretBytes = 32;
inline constexpr size_t kCsrfKeyBytes = 32;
// Cookie values and form tokens longer than this are rejected before decoding.
inline constexpr size_t kCsrfMaxInputChars = 256;

// Thread-safe as long as the Random is; `random` must outlive the Csrf.
class Csrf {
 public:
  // `key32` is the server's CSRF key: exactly kCsrfKeyBytes random bytes kept by the app
  // (a key of another size is a programming error).
  Csrf(std::string key32, deskd::Random& random);
  Csrf(const Csrf&) = delete;
  Csrf& operator=(const Csrf&) = delete;

  struct Issued {
    std::string cookie_value;  // base64url(secret) "." base64url(mac)
    std::string secret;        // the raw secret in it
  };
  // A fresh 32-byte secret, signed with the key and bound to `session_binding`
  // (the hash of the current session id, or "" without a session).
  Issued issue(std::string_view session_binding) const;

  // The raw secret of a cookie value that is well-formed, carries a valid MAC (checked
  // in constant time) and is bound to exactly `session_binding`; nullopt otherwise.
  std::optional<std::string> secret_from_cookie(std::string_view cookie_value, std::string_view session_binding) const;

  // Whether `cookie_value` has the shape issue() gives a cookie (its MAC unchecked):
  // a value that does not can never become valid and is cleared.
  static bool well_formed_cookie(std::string_view cookie_value);

  // A form token for `secret`: base64url(mask || (secret XOR mask)) with a fresh random
  // mask, so a different string on every call.
  std::string mask(std::string_view secret) const;

  // True when `token` unmasks to exactly `secret` (constant-time compare); false on any
  // malformed token or an empty secret.
  bool verify(std::string_view secret, std::string_view token) const;

 private:
  std::string sign(std::string_view secret, std::string_view session_binding) const;

  deskd::MacKey key_;
  deskd::Random* random_;
};

}  // namespace deskd::security
