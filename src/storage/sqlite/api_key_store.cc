#include "storage/sqlite/api_key_store.h"

namespace deskd::storage::sqlite {
namespace {

constexpr const char* kKeyColumns =
    "SELECT id, name, prefix, key_hash, scopes, created_ms, expires_ms, revoked_ms, last_used_ms FROM api_keys ";

ApiKey read_key(const Statement& stmt) {
  ApiKey k;
  k.id = stmt.column_int64(0);
  k.name = stmt.column_text(1);
  k.prefix = stmt.column_text(2);
  k.key_hash = stmt.column_text(3);
  k.scopes = parse_api_scopes_text(stmt.column_text(4));
  k.created_ms = stmt.column_int64(5);
  k.expires_ms = stmt.column_int64(6);
  k.revoked_ms = stmt.column_int64(7);
  k.last_used_ms = stmt.column_int64(8);
  return k;
}

ApiAnswer read_answer(const Statement& stmt) {
  ApiAnswer a;
  a.request_hash = stmt.column_text(0);
  a.status = static_cast<int>(stmt.column_int64(1));
  a.body = stmt.column_text(2);
  a.created_ms = stmt.column_int64(3);
  return a;
}

}  // namespace

Result<ApiKey> SqliteApiKeyStore::create(const NewApiKey& key) {
  const std::string scopes = api_scopes_text(key.scopes);
  if (key.name.empty() || key.prefix.empty() || key.key_hash.empty())
    return invalid_argument("an API key needs a name, a prefix and a hash");
  if (scopes.empty()) return invalid_argument("an API key needs at least one scope");
  if (key.created_ms <= 0 || key.expires_ms < 0) return invalid_argument("API key times must be positive");
  Result<int64_t> id = insert_row(
      db_,
      "INSERT INTO api_keys (name, prefix, key_hash, scopes, created_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?)",
      [&](Statement& s) {
        s.bind(1, key.name).bind(2, key.prefix).bind(3, key.key_hash).bind(4, scopes).bind(5, key.created_ms).bind(
            6, key.expires_ms);
      });
  if (!id) return id.status();
  ApiKey k;
  k.id = *id;
  k.name = key.name;
  k.prefix = key.prefix;
  k.key_hash = key.key_hash;
  k.scopes = parse_api_scopes_text(scopes);
  k.created_ms = key.created_ms;
  k.expires_ms = key.expires_ms;
  return k;
}

Result<ApiKey> SqliteApiKeyStore::find_by_hash(std::string_view key_hash) {
  return query_one(
      db_, std::string(kKeyColumns) + "WHERE key_hash = ?", [&](Statement& s) { s.bind(1, key_hash); }, &read_key,
      "no such API key");
}

Result<std::vector<ApiKey>> SqliteApiKeyStore::list() {
  return query_rows(db_, std::string(kKeyColumns) + "ORDER BY created_ms DESC, id DESC", [](Statement&) {}, &read_key);
}

Status SqliteApiKeyStore::revoke(int64_t key_id, int64_t now_ms) {
  return change_one(
      db_, "UPDATE api_keys SET revoked_ms = CASE WHEN revoked_ms = 0 THEN ? ELSE revoked_ms END WHERE id = ?",
      [&](Statement& s) { s.bind(1, now_ms).bind(2, key_id); }, "no such API key");
}

Status SqliteApiKeyStore::touch(int64_t key_id, int64_t now_ms) {
  return change_one(
      db_, "UPDATE api_keys SET last_used_ms = MAX(last_used_ms, ?) WHERE id = ?",
      [&](Statement& s) { s.bind(1, now_ms).bind(2, key_id); }, "no such API key");
}

Status SqliteApiKeyStore::reserve_answer(int64_t key_id, std::string_view idempotency_key,
                                         std::string_view request_hash, int64_t now_ms) {
  Result<int64_t> inserted = change_rows(
      db_,
      "INSERT INTO api_idempotency (api_key_id, idempotency_key, request_hash, created_ms) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (api_key_id, idempotency_key) DO NOTHING",
      [&](Statement& s) { s.bind(1, key_id).bind(2, idempotency_key).bind(3, request_hash).bind(4, now_ms); });
  if (!inserted) return inserted.status();
  return *inserted == 1 ? Status::ok() : conflict("idempotency key already used");
}

Status SqliteApiKeyStore::complete_answer(int64_t key_id, std::string_view idempotency_key, int status,
                                          std::string_view body) {
  return change_one(
      db_, "UPDATE api_idempotency SET status = ?, body = ? WHERE api_key_id = ? AND idempotency_key = ?",
      [&](Statement& s) { s.bind(1, int64_t{status}).bind(2, body).bind(3, key_id).bind(4, idempotency_key); },
      "no such idempotency key");
}

Status SqliteApiKeyStore::release_answer(int64_t key_id, std::string_view idempotency_key) {
  Result<int64_t> gone = change_rows(db_, "DELETE FROM api_idempotency WHERE api_key_id = ? AND idempotency_key = ?",
                                     [&](Statement& s) { s.bind(1, key_id).bind(2, idempotency_key); });
  return gone ? Status::ok() : gone.status();
}

Result<ApiAnswer> SqliteApiKeyStore::find_answer(int64_t key_id, std::string_view idempotency_key) {
  return query_one(
      db_,
      "SELECT request_hash, status, body, created_ms FROM api_idempotency WHERE api_key_id = ? AND "
      "idempotency_key = ?",
      [&](Statement& s) { s.bind(1, key_id).bind(2, idempotency_key); }, &read_answer, "no such idempotency key");
}

Result<int64_t> SqliteApiKeyStore::prune_answers(int64_t before_ms) {
  return change_rows(db_, "DELETE FROM api_idempotency WHERE created_ms < ?",
                     [&](Statement& s) { s.bind(1, before_ms); });
}

}  // namespace deskd::storage::sqlite
