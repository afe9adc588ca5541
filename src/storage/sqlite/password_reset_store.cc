#include "storage/sqlite/password_reset_store.h"

namespace deskd::storage::sqlite {
Status SqlitePasswordResetStore::insert(PasswordReset& reset) {
  if (reset.token_hash.empty()) return invalid_argument("password reset token hash is empty");
  int64_t id = 0;
  Status status = db_.write([&](Connection& c) {
    Result<Statement> stmt = c.prepare(
        "INSERT INTO password_resets (token_hash, person_id, created_ms, expires_ms, used_ms) VALUES (?, ?, ?, ?, ?)");
    if (!stmt) return stmt.status();
    Status s = stmt->bind(1, reset.token_hash)
                   .bind(2, reset.person_id)
                   .bind(3, reset.created_ms)
                   .bind(4, reset.expires_ms)
                   .bind(5, reset.used_ms)
                   .run();
    if (s.code() == Code::kConflict) {
      Result<bool> person = row_exists(c, "SELECT 1 FROM people WHERE id = ?", reset.person_id);
      if (!person) return person.status();
      if (!*person) return invalid_argument("password reset for unknown person " + std::to_string(reset.person_id));
      return conflict("password reset token already exists");
    }
    if (!s.is_ok()) return s;
    id = c.last_insert_rowid();
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  reset.id = id;
  return Status::ok();
}

Result<PasswordReset> SqlitePasswordResetStore::find_by_hash(std::string_view token_hash) {
  return query_one(
      db_, "SELECT " + std::string(kPasswordResetColumns) + " FROM password_resets WHERE token_hash = ?",
      [&](Statement& s) { s.bind(1, token_hash); }, &read_password_reset, "no such password reset");
}

Status SqlitePasswordResetStore::mark_used(int64_t id, int64_t used_ms) {
  if (used_ms <= 0) return invalid_argument("used_ms must be positive");
  return db_.write([&](Connection& c) {
    Result<Statement> stmt = c.prepare("UPDATE password_resets SET used_ms = ? WHERE id = ? AND used_ms = 0");
    if (!stmt) return stmt.status();
    Status s = stmt->bind(1, used_ms).bind(2, id).run();
    if (!s.is_ok()) return s;
    if (c.changes() == 1) return Status::ok();
    Result<bool> present = row_exists(c, "SELECT 1 FROM password_resets WHERE id = ?", id);
    if (!present) return present.status();
    return *present ? conflict("password reset already used") : not_found("no such password reset");
  });
}

Result<size_t> SqlitePasswordResetStore::remove_by_person(int64_t person_id, int64_t keep_id) {
  Result<int64_t> removed = change_rows(db_, "DELETE FROM password_resets WHERE person_id = ? AND id <> ?",
                                        [&](Statement& s) { s.bind(1, person_id).bind(2, keep_id); });
  if (!removed) return removed.status();
  return static_cast<size_t>(*removed);
}

}  // namespace deskd::storage::sqlite
