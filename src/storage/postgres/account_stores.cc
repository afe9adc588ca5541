#include "storage/postgres/account_stores.h"

namespace deskd::storage::postgres {
namespace {

const std::string kSelectToken = "SELECT " + std::string(kRememberTokenColumns) + " FROM remember_tokens ";
const std::string kSelectMail = "SELECT " + std::string(kOutboxMailColumns) + " FROM outbox ";

// Runs a conditional UPDATE of row `id`; when it changed nothing, tells
// "the condition no longer holds" (Conflict) from "the row is gone" (NotFound).
Status compare_and_swap(Database& db, std::string_view update, const Binder& bind, std::string_view exists_sql,
                        int64_t id, std::string_view conflict_message, std::string_view not_found_message) {
  return db.autocommit([&](Connection& c) {
    Result<Statement> stmt = c.prepare(update);
    if (!stmt) return stmt.status();
    bind(*stmt);
    if (Status s = stmt->run(); !s.is_ok()) return s;
    if (stmt->changes() == 1) return Status::ok();
    Result<bool> present = row_exists(c, exists_sql, id);
    if (!present) return present.status();
    return *present ? conflict(std::string(conflict_message)) : not_found(std::string(not_found_message));
  });
}

// Runs an INSERT ... RETURNING id; a foreign-key violation (the person is
// missing) becomes InvalidArgument(missing_person), a unique violation
// Conflict(duplicate).
Result<int64_t> insert_for_person(Database& db, std::string_view sql, const Binder& bind, std::string missing_person,
                                  std::string duplicate) {
  int64_t id = 0;
  Status status = db.autocommit([&](Connection& c) {
    Result<Statement> stmt = c.prepare(sql);
    if (!stmt) return stmt.status();
    bind(*stmt);
    Result<bool> row = stmt->step();
    if (!row) {
      if (c.last_sqlstate() == kForeignKeyViolation) return invalid_argument(missing_person);
      if (c.last_sqlstate() == kUniqueViolation) return conflict(duplicate);
      return row.status();
    }
    if (!*row) return internal("postgres: INSERT ... RETURNING gave no row");
    id = stmt->column_int64(0);
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return id;
}

}  // namespace

// ---- settings ----

Result<std::map<std::string, std::string>> PgSettingsStore::load_all() {
  std::map<std::string, std::string> settings;
  Status status = for_each_row(
      db_, "SELECT key, value FROM settings", [](Statement&) {},
      [&](const Statement& row) {
        settings.emplace(row.column_text(0), row.column_text(1));
        return Status::ok();
      });
  if (!status.is_ok()) return status;
  return settings;
}

Status PgSettingsStore::insert(std::string_view sql, std::string_view key, std::string_view value) {
  if (key.empty()) return invalid_argument("setting key is empty");
  Result<int64_t> changed =
      change_rows(db_, sql, [&](Statement& s) { s.bind(1, key).bind(2, value).bind(3, db_.clock().now_ms()); });
  return changed.status();
}

Status PgSettingsStore::put(std::string_view key, std::string_view value) {
  return insert(
      "INSERT INTO settings (key, value, updated_ms) VALUES ($1, $2, $3) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_ms = excluded.updated_ms",
      key, value);
}

Status PgSettingsStore::put_if_absent(std::string_view key, std::string_view value) {
  return insert("INSERT INTO settings (key, value, updated_ms) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING", key,
                value);
}

// ---- audit ----

Status PgAuditStore::append(const AuditEvent& event) {
  Result<int64_t> changed = change_rows(
      db_, "INSERT INTO audit_log (at_ms, event, person_id, email, ip, detail) VALUES ($1, $2, $3, $4, $5, $6)",
      [&](Statement& s) {
        s.bind(1, event.at_ms)
            .bind(2, event.event)
            .bind(3, event.person_id)
            .bind(4, event.email)
            .bind(5, event.ip)
            .bind(6, event.detail);
      });
  return changed.status();
}

Result<std::vector<AuditEvent>> PgAuditStore::list(const AuditFilter& filter) {
  if (filter.limit < 1) return invalid_argument("audit list limit must be at least 1");
  // At most 16 distinct SQL texts, each prepared once per connection.
  std::string sql = "SELECT " + std::string(kAuditEventColumns) + " FROM audit_log WHERE TRUE";
  int index = 1;
  if (filter.person_id) sql += " AND person_id = $" + std::to_string(index++);
  if (filter.event) sql += " AND event = $" + std::to_string(index++);
  if (filter.since_ms) sql += " AND at_ms >= $" + std::to_string(index++);
  if (filter.until_ms) sql += " AND at_ms < $" + std::to_string(index++);
  sql += " ORDER BY at_ms DESC, id DESC LIMIT $" + std::to_string(index);

  return query_rows(
      db_, sql,
      [&](Statement& s) {
        int i = 1;
        if (filter.person_id) s.bind(i++, *filter.person_id);
        if (filter.event) s.bind(i++, std::string_view(*filter.event));
        if (filter.since_ms) s.bind(i++, *filter.since_ms);
        if (filter.until_ms) s.bind(i++, *filter.until_ms);
        s.bind(i, int64_t{filter.limit});
      },
      &read_audit_event);
}

// ---- remember tokens ----

Status PgRememberStore::insert(RememberToken& token) {
  if (token.selector.empty()) return invalid_argument("remember token selector is empty");
  if (token.validator_hash.empty()) return invalid_argument("remember token validator hash is empty");
  Result<int64_t> id = insert_for_person(
      db_,
      "INSERT INTO remember_tokens (selector, validator_hash, previous_validator_hash, rotated_ms, person_id, "
      "audience, created_ms, expires_ms, last_used_ms, ip, user_agent) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
      [&](Statement& s) {
        s.bind(1, token.selector)
            .bind(2, token.validator_hash)
            .bind(3, token.previous_validator_hash)
            .bind(4, token.rotated_ms)
            .bind(5, token.person_id)
            .bind(6, std::string_view(remember_audience_name(token.audience)))
            .bind(7, token.created_ms)
            .bind(8, token.expires_ms)
            .bind(9, token.last_used_ms)
            .bind(10, token.ip)
            .bind(11, token.user_agent);
      },
      "remember token for unknown person " + std::to_string(token.person_id), "remember token selector already exists");
  if (!id) return id.status();
  token.id = *id;
  return Status::ok();
}

Result<RememberToken> PgRememberStore::find_by_selector(std::string_view selector) {
  return query_one(
      db_, std::string(kSelectToken) + "WHERE selector = $1", [&](Statement& s) { s.bind(1, selector); },
      &read_remember_token, "no such remember token");
}

Status PgRememberStore::rotate(int64_t id, std::string_view expected_hash, std::string_view new_hash, int64_t now_ms) {
  if (expected_hash.empty() || new_hash.empty()) return invalid_argument("remember token hashes must not be empty");
  return compare_and_swap(
      db_,
      "UPDATE remember_tokens SET retired_validator_hashes = substr(previous_validator_hash || "
      "retired_validator_hashes, 1, " + std::to_string(kRetiredValidatorHashChars) + "), "
      "previous_validator_hash = validator_hash, validator_hash = $1, rotated_ms = $2, "
      "last_used_ms = $2 WHERE id = $3 AND validator_hash = $4",
      [&](Statement& s) { s.bind(1, new_hash).bind(2, now_ms).bind(3, id).bind(4, expected_hash); },
      "SELECT 1 FROM remember_tokens WHERE id = $1", id, "remember token was rotated by another request",
      "no such remember token");
}

Status PgRememberStore::remove(int64_t id) {
  return change_one(
      db_, "DELETE FROM remember_tokens WHERE id = $1", [&](Statement& s) { s.bind(1, id); }, "no such remember token");
}

Result<size_t> PgRememberStore::delete_many(std::string_view sql, const Binder& bind) {
  Result<int64_t> removed = change_rows(db_, sql, bind);
  if (!removed) return removed.status();
  return static_cast<size_t>(*removed);
}

Result<size_t> PgRememberStore::remove_by_person(int64_t person_id) {
  return delete_many("DELETE FROM remember_tokens WHERE person_id = $1", [&](Statement& s) { s.bind(1, person_id); });
}

Result<size_t> PgRememberStore::remove_expired(int64_t now_ms) {
  return delete_many("DELETE FROM remember_tokens WHERE expires_ms <= $1", [&](Statement& s) { s.bind(1, now_ms); });
}

Result<std::vector<RememberToken>> PgRememberStore::list_by_person(int64_t person_id) {
  return query_rows(
      db_, std::string(kSelectToken) + "WHERE person_id = $1 ORDER BY last_used_ms DESC, id DESC",
      [&](Statement& s) { s.bind(1, person_id); }, &read_remember_token);
}

Result<std::vector<RememberToken>> PgRememberStore::list_all(int limit, int offset) {
  if (limit < 0 || offset < 0) return invalid_argument("limit and offset must not be negative");
  return query_rows(
      db_, std::string(kSelectToken) + "ORDER BY last_used_ms DESC, id DESC LIMIT $1 OFFSET $2",
      [&](Statement& s) { s.bind(1, int64_t{limit}).bind(2, int64_t{offset}); }, &read_remember_token);
}

// ---- outbox ----

Status PgOutboxStore::enqueue(OutboxMail& mail) {
  if (mail.to.empty()) return invalid_argument("outbox mail has no recipient");
  Result<int64_t> id = insert_returning_id(
      db_, "INSERT INTO outbox (created_ms, recipient, subject, body, kind, message_id, in_reply_to, references_ids, reply_to, "
      "attachment_ids) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
      [&](Statement& s) {
        s.bind(1, mail.created_ms).bind(2, mail.to).bind(3, mail.subject).bind(4, mail.body).bind(5, mail.kind);
        s.bind(6, mail.message_id).bind(7, mail.in_reply_to).bind(8, mail.references).bind(9, mail.reply_to);
        s.bind(10, join_ids(mail.attachment_ids));
      });
  if (!id) return id.status();
  mail.id = *id;
  mail.sent_ms = 0;
  mail.attempts = 0;
  mail.last_error.clear();
  return Status::ok();
}

Result<std::vector<OutboxMail>> PgOutboxStore::pending(int limit) {
  if (limit < 0) return invalid_argument("limit must not be negative");
  return query_rows(
      db_, std::string(kSelectMail) + "WHERE sent_ms = 0 ORDER BY id LIMIT $1",
      [&](Statement& s) { s.bind(1, int64_t{limit}); }, &read_outbox_mail);
}

Result<std::vector<OutboxMail>> PgOutboxStore::pending_below(int max_attempts, int limit) {
  if (limit < 0) return invalid_argument("limit must not be negative");
  return query_rows(
      db_, std::string(kSelectMail) + "WHERE sent_ms = 0 AND attempts < $1 ORDER BY id LIMIT $2",
      [&](Statement& s) { s.bind(1, int64_t{max_attempts}).bind(2, int64_t{limit}); }, &read_outbox_mail);
}

Result<std::vector<OutboxMail>> PgOutboxStore::recent(int limit) {
  if (limit < 0) return invalid_argument("limit must not be negative");
  return query_rows(
      db_, std::string(kSelectMail) + "ORDER BY id DESC LIMIT $1", [&](Statement& s) { s.bind(1, int64_t{limit}); },
      &read_outbox_mail);
}

Status PgOutboxStore::mark_sent(int64_t id, int64_t sent_ms) {
  if (sent_ms <= 0) return invalid_argument("sent_ms must be positive");
  return change_one(
      db_, "UPDATE outbox SET sent_ms = $1 WHERE id = $2", [&](Statement& s) { s.bind(1, sent_ms).bind(2, id); },
      "no such outbox mail");
}

Status PgOutboxStore::mark_failed(int64_t id, std::string_view error) {
  return change_one(
      db_, "UPDATE outbox SET attempts = attempts + 1, last_error = $1 WHERE id = $2",
      [&](Statement& s) { s.bind(1, error).bind(2, id); }, "no such outbox mail");
}

// ---- password resets ----

Status PgPasswordResetStore::insert(PasswordReset& reset) {
  if (reset.token_hash.empty()) return invalid_argument("password reset token hash is empty");
  Result<int64_t> id = insert_for_person(
      db_,
      "INSERT INTO password_resets (token_hash, person_id, created_ms, expires_ms, used_ms) "
      "VALUES ($1, $2, $3, $4, $5) RETURNING id",
      [&](Statement& s) {
        s.bind(1, reset.token_hash)
            .bind(2, reset.person_id)
            .bind(3, reset.created_ms)
            .bind(4, reset.expires_ms)
            .bind(5, reset.used_ms);
      },
      "password reset for unknown person " + std::to_string(reset.person_id), "password reset token already exists");
  if (!id) return id.status();
  reset.id = *id;
  return Status::ok();
}

Result<PasswordReset> PgPasswordResetStore::find_by_hash(std::string_view token_hash) {
  return query_one(
      db_, "SELECT " + std::string(kPasswordResetColumns) + " FROM password_resets WHERE token_hash = $1",
      [&](Statement& s) { s.bind(1, token_hash); }, &read_password_reset, "no such password reset");
}

Status PgPasswordResetStore::mark_used(int64_t id, int64_t used_ms) {
  if (used_ms <= 0) return invalid_argument("used_ms must be positive");
  return compare_and_swap(
      db_, "UPDATE password_resets SET used_ms = $1 WHERE id = $2 AND used_ms = 0",
      [&](Statement& s) { s.bind(1, used_ms).bind(2, id); }, "SELECT 1 FROM password_resets WHERE id = $1", id,
      "password reset already used", "no such password reset");
}

Result<size_t> PgPasswordResetStore::remove_by_person(int64_t person_id, int64_t keep_id) {
  Result<int64_t> removed = change_rows(db_, "DELETE FROM password_resets WHERE person_id = $1 AND id <> $2",
                                        [&](Statement& s) { s.bind(1, person_id).bind(2, keep_id); });
  if (!removed) return removed.status();
  return static_cast<size_t>(*removed);
}

}  // namespace deskd::storage::postgres
