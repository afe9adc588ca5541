#pragma once
// REST API keys (SPEC §12): issuing one (the Admin page and `deskd api-key
// add` share it) and the Admin page /admin/api-keys — create with scopes and
// an optional expiry (the key is shown once), list with last use, revoke.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/random.h"
#include "core/status.h"
#include "pipeline/app.h"
#include "storage/api_key_store.h"

namespace deskd::admin {

inline constexpr size_t kMaxApiKeyName = 100;  // characters
inline constexpr int kMaxApiKeyDays = 3650;

struct IssuedApiKey {
  std::string key;  // shown once, never stored
  storage::ApiKey record;
};

// Validates and stores a new key: a name of 1-100 characters without control
// characters, at least one scope, expires_days 1..3650 (nullopt = never).
// InvalidArgument with a readable message otherwise.
Result<IssuedApiKey> issue_api_key(storage::ApiKeyStore& store, Random& random, int64_t now_ms, std::string_view name,
                                   const std::vector<storage::ApiScope>& scopes, std::optional<int> expires_days);

// "tickets:read,kb:read" (commas and/or spaces) → scopes; nullopt naming the
// first unknown one in `unknown`.
std::optional<std::vector<storage::ApiScope>> parse_scope_list(std::string_view text, std::string& unknown);

void register_api_keys(pipeline::App& app);

}  // namespace deskd::admin
