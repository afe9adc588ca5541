#include "security/api_key.h"

#include <cctype>

#include "core/crypto.h"

namespace deskd::security {

MintedApiKey mint_api_key(Random& random) {
  MintedApiKey m;
  m.key = std::string(kApiKeyPrefix) + random.token(kApiKeyBytes);
  m.prefix = m.key.substr(0, kApiKeyShownPrefix);
  m.hash = api_key_hash(m.key);
  return m;
}

std::string api_key_hash(std::string_view key) {
  return hash_hex(key);
}

bool well_formed_api_key(std::string_view key) {
  return key.size() == kApiKeyLength && key.starts_with(kApiKeyPrefix) &&
         is_base64url(key.substr(kApiKeyPrefix.size()));
}

std::optional<std::string_view> bearer_api_key(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer";
  if (authorization.size() <= kScheme.size()) return std::nullopt;
  for (size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) return std::nullopt;
  }
  std::string_view rest = authorization.substr(kScheme.size());
  if (rest.front() != ' ') return std::nullopt;
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);
  if (!well_formed_api_key(rest)) return std::nullopt;
  return rest;
}

}  // namespace deskd::security
