#include "storage/sqlite/remember_store.h"

namespace deskd::storage::sqlite {
namespace {

const std::string kSelect = "SELECT " + std::string(kRememberTokenColumns) + " FROM remember_tokens ";

}  // namespace

Status SqliteRememberStore::insert(RememberToken& token) {
  if (token.selector.empty()) return invalid_argument("remember token selector is empty");
  if (token.validator_hash.empty()) return invalid_argument("remember token validator hash is empty");
  int64_t id = 0;
  Status status = db_.write([&](Connection& c) {
    Result<Statement> stmt = c.prepare(
        "INSERT INTO remember_tokens (selector, validator_hash, previous_validator_hash, rotated_ms, person_id, "
        "audience, created_ms, expires_ms, last_used_ms, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!stmt) return stmt.status();
    Status s = stmt->bind(1, token.selector)
                   .bind(2, token.validator_hash)
                   .bind(3, token.previous_validator_hash)
                   .bind(4, token.rotated_ms)
                   .bind(5, token.person_id)
                   .bind(6, std::string_view(remember_audience_name(token.audience)))
                   .bind(7, token.created_ms)
                   .bind(8, token.expires_ms)
                   .bind(9, token.last_used_ms)
                   .bind(10, token.ip)
                   .bind(11, token.user_agent)
                   .run();
    if (s.code() == Code::kConflict) {
      // Either the selector is taken or the person is missing (foreign key).
      Result<bool> person = row_exists(c, "SELECT 1 FROM people WHERE id = ?", token.person_id);
      if (!person) return person.status();
      if (!*person) return invalid_argument("remember token for unknown person " + std::to_string(token.person_id));
      return conflict("remember token selector already exists");
    }
    if (!s.is_ok()) return s;
    id = c.last_insert_rowid();
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  token.id = id;
  return Status::ok();
}

Result<RememberToken> SqliteRememberStore::find_by_selector(std::string_view selector) {
  return query_one(
      db_, std::string(kSelect) + "WHERE selector = ?", [&](Statement& s) { s.bind(1, selector); },
      &read_remember_token, "no such remember token");
}

Status SqliteRememberStore::rotate(int64_t id, std::string_view expected_hash, std::string_view new_hash,
                                   int64_t now_ms) {
  if (expected_hash.empty() || new_hash.empty()) return invalid_argument("remember token hashes must not be empty");
  return db_.write([&](Connection& c) {
    Result<Statement> stmt = c.prepare(
        "UPDATE remember_tokens SET retired_validator_hashes = substr(previous_validator_hash || "
        "retired_validator_hashes, 1, " + std::to_string(kRetiredValidatorHashChars) + "), "
        "previous_validator_hash = validator_hash, validator_hash = ?, rotated_ms = ?, "
        "last_used_ms = ? WHERE id = ? AND validator_hash = ?");
    if (!stmt) return stmt.status();
    Status s = stmt->bind(1, new_hash).bind(2, now_ms).bind(3, now_ms).bind(4, id).bind(5, expected_hash).run();
    if (!s.is_ok()) return s;
    if (c.changes() == 1) return Status::ok();
    Result<bool> present = row_exists(c, "SELECT 1 FROM remember_tokens WHERE id = ?", id);
    if (!present) return present.status();
    return *present ? conflict("remember token was rotated by another request") : not_found("no such remember token");
  });
}

Status SqliteRememberStore::remove(int64_t id) {
  return change_one(
      db_, "DELETE FROM remember_tokens WHERE id = ?", [&](Statement& s) { s.bind(1, id); }, "no such remember token");
}

Result<size_t> SqliteRememberStore::delete_many(std::string_view sql, const Binder& bind) {
  Result<int64_t> removed = change_rows(db_, sql, bind);
  if (!removed) return removed.status();
  return static_cast<size_t>(*removed);
}

Result<size_t> SqliteRememberStore::remove_by_person(int64_t person_id) {
  return delete_many("DELETE FROM remember_tokens WHERE person_id = ?", [&](Statement& s) { s.bind(1, person_id); });
}

Result<size_t> SqliteRememberStore::remove_expired(int64_t now_ms) {
  return delete_many("DELETE FROM remember_tokens WHERE expires_ms <= ?", [&](Statement& s) { s.bind(1, now_ms); });
}

Result<std::vector<RememberToken>> SqliteRememberStore::list_by_person(int64_t person_id) {
  return query_rows(
      db_, std::string(kSelect) + "WHERE person_id = ? ORDER BY last_used_ms DESC, id DESC",
      [&](Statement& s) { s.bind(1, person_id); }, &read_remember_token);
}

Result<std::vector<RememberToken>> SqliteRememberStore::list_all(int limit, int offset) {
  if (limit < 0 || offset < 0) return invalid_argument("limit and offset must not be negative");
  return query_rows(
      db_, std::string(kSelect) + "ORDER BY last_used_ms DESC, id DESC LIMIT ? OFFSET ?",
      [&](Statement& s) { s.bind(1, int64_t{limit}).bind(2, int64_t{offset}); }, &read_remember_token);
}

}  // namespace deskd::storage::sqlite
