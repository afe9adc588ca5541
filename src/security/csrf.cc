#include "security/csrf.h"

#include <sodium.h>

#include <cassert>
#include <utility>

#include "core/crypto.h"

namespace deskd::security {
namespace {

// Domain separation: this key signs nothing else, but a versioned label keeps the
// MAC input unambiguous if it ever does. The secret has a fixed length, so the
// binding that follows it cannot be shifted into it.
constexpr std::string_view kMacLabel = "deskd-csrf-v2|";

}  // namespace

Csrf::Csrf(std::string key32, deskd::Random& random) : key_(key32), random_(&random) {
  assert(key32.size() == kCsrfKeyBytes);
  sodium_memzero(key32.data(), key32.size());
}

std::string Csrf::sign(std::string_view secret, std::string_view session_binding) const {
  std::string input;
  input.reserve(kMacLabel.size() + secret.size() + 1 + session_binding.size());
  input.append(kMacLabel).append(secret).append("|").append(session_binding);
  std::string tag = key_.tag(input);
  sodium_memzero(input.data(), input.size());
  return tag;
}

Csrf::Issued Csrf::issue(std::string_view session_binding) const {
  Issued issued;
  issued.secret.assign(kCsrfSecretBytes, '\0');
  random_->fill(issued.secret.data(), issued.secret.size());
  issued.cookie_value = base64url_encode(issued.secret) + "." + base64url_encode(sign(issued.secret, session_binding));
  return issued;
}

std::optional<std::string> Csrf::secret_from_cookie(std::string_view cookie_value,
                                                    std::string_view session_binding) const {
  if (cookie_value.size() > kCsrfMaxInputChars) return std::nullopt;
  const size_t dot = cookie_value.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::optional<std::string> secret = base64url_decode(cookie_value.substr(0, dot));
  std::optional<std::string> tag = base64url_decode(cookie_value.substr(dot + 1));
  if (!secret || !tag || secret->size() != kCsrfSecretBytes || tag->size() != deskd::kMacBytes) {
    return std::nullopt;
  }
  if (!constant_time_equal(sign(*secret, session_binding), *tag)) return std::nullopt;
  return secret;
}

bool Csrf::well_formed_cookie(std::string_view cookie_value) {
  constexpr size_t kSecretChars = (kCsrfSecretBytes * 4 + 2) / 3;  // unpadded base64url
  constexpr size_t kMacChars = (deskd::kMacBytes * 4 + 2) / 3;
  return cookie_value.size() == kSecretChars + 1 + kMacChars && cookie_value[kSecretChars] == '.' &&
         is_base64url(cookie_value.substr(0, kSecretChars)) && is_base64url(cookie_value.substr(kSecretChars + 1));
}

std::string Csrf::mask(std::string_view secret) const {
  std::string buf(2 * secret.size(), '\0');
  random_->fill(buf.data(), secret.size());
  for (size_t i = 0; i < secret.size(); ++i) {
    buf[secret.size() + i] = static_cast<char>(buf[i] ^ secret[i]);
  }
  std::string token = base64url_encode(buf);
  sodium_memzero(buf.data(), buf.size());
  return token;
}

bool Csrf::verify(std::string_view secret, std::string_view token) const {
  if (secret.empty() || token.size() > kCsrfMaxInputChars) return false;
  std::optional<std::string> raw = base64url_decode(token);
  if (!raw || raw->size() != 2 * secret.size()) return false;
  std::string unmasked(secret.size(), '\0');
  for (size_t i = 0; i < secret.size(); ++i) {
    unmasked[i] = static_cast<char>((*raw)[i] ^ (*raw)[secret.size() + i]);
  }
  const bool ok = constant_time_equal(unmasked, secret);
  sodium_memzero(unmasked.data(), unmasked.size());
  sodium_memzero(raw->data(), raw->size());
  return ok;
}

}  // namespace deskd::security
