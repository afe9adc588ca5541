#include "storage/sqlite/outbox_store.h"

namespace deskd::storage::sqlite {
namespace {

const std::string kSelect = "SELECT " + std::string(kOutboxMailColumns) + " FROM outbox ";

}  // namespace

Status SqliteOutboxStore::enqueue(OutboxMail& mail) {
  if (mail.to.empty()) return invalid_argument("outbox mail has no recipient");
  Result<int64_t> id = insert_row(
      db_, "INSERT INTO outbox (created_ms, recipient, subject, body, kind, message_id, in_reply_to, references_ids, reply_to, "
      "attachment_ids) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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

Result<std::vector<OutboxMail>> SqliteOutboxStore::select(std::string_view sql, int limit) {
  if (limit < 0) return invalid_argument("limit must not be negative");
  return query_rows(
      db_, sql, [&](Statement& s) { s.bind(1, int64_t{limit}); }, &read_outbox_mail);
}

Result<std::vector<OutboxMail>> SqliteOutboxStore::pending(int limit) {
  return select(std::string(kSelect) + "WHERE sent_ms = 0 ORDER BY id LIMIT ?", limit);
}

Result<std::vector<OutboxMail>> SqliteOutboxStore::pending_below(int max_attempts, int limit) {
  return select(std::string(kSelect) + "WHERE sent_ms = 0 AND attempts < " + std::to_string(max_attempts) +
                    " ORDER BY id LIMIT ?",
                limit);
}

Result<std::vector<OutboxMail>> SqliteOutboxStore::recent(int limit) {
  return select(std::string(kSelect) + "ORDER BY id DESC LIMIT ?", limit);
}

Status SqliteOutboxStore::mark_sent(int64_t id, int64_t sent_ms) {
  if (sent_ms <= 0) return invalid_argument("sent_ms must be positive");
  return change_one(
      db_, "UPDATE outbox SET sent_ms = ? WHERE id = ?", [&](Statement& s) { s.bind(1, sent_ms).bind(2, id); },
      "no such outbox mail");
}

Status SqliteOutboxStore::mark_failed(int64_t id, std::string_view error) {
  return change_one(
      db_, "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?",
      [&](Statement& s) { s.bind(1, error).bind(2, id); }, "no such outbox mail");
}

}  // namespace deskd::storage::sqlite
