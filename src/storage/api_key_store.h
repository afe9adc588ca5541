#pragma once
// Storage of REST API keys (SPEC §12) and of the answers to POSTs made with an
// Idempotency-Key. Only hash_hex(key) is stored; the key itself is shown once.
// Times are Unix milliseconds.
//
// Threading: every call may block; call from the worker pool. Implementations
// are thread-safe; reserve_answer lets exactly one of several racing requests
// with the same Idempotency-Key run.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace deskd::storage {

// What a key may do; a route under /api/v1/ names the one scope it needs.
enum class ApiScope { kTicketsRead, kTicketsWrite, kKbRead, kKbWrite, kPeopleRead };
inline constexpr ApiScope kAllApiScopes[] = {ApiScope::kTicketsRead, ApiScope::kTicketsWrite, ApiScope::kKbRead,
                                             ApiScope::kKbWrite, ApiScope::kPeopleRead};
// "tickets:read" | "tickets:write" | "kb:read" | "kb:write" | "people:read"
const char* api_scope_name(ApiScope scope);
std::optional<ApiScope> parse_api_scope(std::string_view name);

struct ApiKey {
  int64_t id = 0;
  std::string name;
  std::string prefix;    // the key's first characters ("dk_" + 6), for telling keys apart
  std::string key_hash;  // hash_hex(key)
  std::vector<ApiScope> scopes;  // in kAllApiScopes order, no duplicates
  int64_t created_ms = 0;
  int64_t expires_ms = 0;    // 0 = never
  int64_t revoked_ms = 0;    // 0 = live
  int64_t last_used_ms = 0;  // 0 = never used

  bool has_scope(ApiScope scope) const;
  // Neither revoked nor expired at `now_ms`.
  bool usable_at(int64_t now_ms) const;
};

struct NewApiKey {
  std::string name;
  std::string prefix;
  std::string key_hash;
  std::vector<ApiScope> scopes;
  int64_t created_ms = 0;
  int64_t expires_ms = 0;  // 0 = never
};

// The answer stored for one (key, Idempotency-Key).
struct ApiAnswer {
  std::string request_hash;  // hash_hex of method, path and body of the first request
  int status = 0;            // 0 = the first request is still running
  std::string body;          // the JSON answer
  int64_t created_ms = 0;
};

// Contract (pinned by storage/testing/api_key_conformance.h):
//  - create: InvalidArgument for an empty name, prefix or hash, no scopes, or a
//    non-positive created_ms; Conflict when the hash exists. Scopes come back
//    de-duplicated in kAllApiScopes order.
//  - find_by_hash: NotFound when no key has it (revoked and expired keys are
//    found: the caller decides with usable_at).
//  - list: every key, newest first.
//  - revoke: NotFound for an unknown id; revoking twice keeps the first time.
//  - touch: last_used_ms becomes now_ms unless it is already later; NotFound
//    for an unknown id.
//  - reserve_answer: inserts a running answer (status 0); Conflict when the
//    (key, idempotency key) pair exists, whatever its state.
//    complete_answer stores status and body (NotFound when not reserved);
//    release_answer forgets the pair (a retry runs again).
//  - find_answer: NotFound when the pair is unknown.
//  - prune_answers: forgets answers created before `before_ms`; returns how many.
class ApiKeyStore {
 public:
  virtual ~ApiKeyStore() = default;
  virtual Result<ApiKey> create(const NewApiKey& key) = 0;
  virtual Result<ApiKey> find_by_hash(std::string_view key_hash) = 0;
  virtual Result<std::vector<ApiKey>> list() = 0;
  virtual Status revoke(int64_t key_id, int64_t now_ms) = 0;
  virtual Status touch(int64_t key_id, int64_t now_ms) = 0;
  virtual Status reserve_answer(int64_t key_id, std::string_view idempotency_key, std::string_view request_hash,
                                int64_t now_ms) = 0;
  virtual Status complete_answer(int64_t key_id, std::string_view idempotency_key, int status,
                                 std::string_view body) = 0;
  virtual Status release_answer(int64_t key_id, std::string_view idempotency_key) = 0;
  virtual Result<ApiAnswer> find_answer(int64_t key_id, std::string_view idempotency_key) = 0;
  virtual Result<int64_t> prune_answers(int64_t before_ms) = 0;
};

// Scopes as stored: names separated by single spaces, in kAllApiScopes order.
std::string api_scopes_text(const std::vector<ApiScope>& scopes);
// The inverse; names it does not know are left out (a key never gains a scope
// from a value it cannot read).
std::vector<ApiScope> parse_api_scopes_text(std::string_view text);

}  // namespace deskd::storage
