#include "storage/sqlite/password_reset_store.h"

namespace deskd::storage::sqlite {
namespace {

// True when `sql` (one `?` bound to `id`) yields a row.
Result<bool> exists(Connection& c, std::string_view sql, int64_t id) {
  Result<Statement> stmt = c.prepare(sql);
  if (!stmt) return stmt.status();
  return stmt->bind(1, id).step();
}

}  // namespace

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
      Result<bool> person = exists(c, "SELECT 1 FROM people WHERE id = ?", reset.person_id);
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
  std::optional<PasswordReset> found;
  Status status = db_.read([&](Connection& c) {
    Result<Statement> stmt = c.prepare(
        "SELECT id, token_hash, person_id, created_ms, expires_ms, used_ms FROM password_resets WHERE token_hash = ?");
    if (!stmt) return stmt.status();
    stmt->bind(1, token_hash);
    Result<bool> row = stmt->step();
    if (!row) return row.status();
    if (!*row) return Status::ok();
    PasswordReset r;
    r.id = stmt->column_int64(0);
    r.token_hash = stmt->column_text(1);
    r.person_id = stmt->column_int64(2);
    r.created_ms = stmt->column_int64(3);
    r.expires_ms = stmt->column_int64(4);
    r.used_ms = stmt->column_int64(5);
    found = std::move(r);
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  if (!found) return not_found("no such password reset");
  return std::move(*found);
}

Status SqlitePasswordResetStore::mark_used(int64_t id, int64_t used_ms) {
  if (used_ms <= 0) return invalid_argument("used_ms must be positive");
  return db_.write([&](Connection& c) {
    Result<Statement> stmt = c.prepare("UPDATE password_resets SET used_ms = ? WHERE id = ? AND used_ms = 0");
    if (!stmt) return stmt.status();
    Status s = stmt->bind(1, used_ms).bind(2, id).run();
    if (!s.is_ok()) return s;
    if (c.changes() == 1) return Status::ok();
    Result<bool> present = exists(c, "SELECT 1 FROM password_resets WHERE id = ?", id);
    if (!present) return present.status();
    return *present ? conflict("password reset already used") : not_found("no such password reset");
  });
}

Result<size_t> SqlitePasswordResetStore::remove_by_person(int64_t person_id, int64_t keep_id) {
  size_t removed = 0;
  Status status = db_.write([&](Connection& c) {
    Result<Statement> stmt = c.prepare("DELETE FROM password_resets WHERE person_id = ? AND id <> ?");
    if (!stmt) return stmt.status();
    Status s = stmt->bind(1, person_id).bind(2, keep_id).run();
    if (!s.is_ok()) return s;
    removed = static_cast<size_t>(c.changes());
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return removed;
}

}  // namespace deskd::storage::sqlite
