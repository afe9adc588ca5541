#include "storage/sqlite/mail_store.h"

#include "core/crypto.h"
#include "storage/sqlite/attachment_store.h"
#include "storage/sqlite/ticket_store.h"

namespace deskd::storage::sqlite {
namespace {

constexpr std::string_view kInsertMail =
    "INSERT INTO mail_messages (message_id, ticket_id, ticket_message_id, direction, sender, original_body, "
    "created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)";

// Inserts one mail_messages row on `c`; Conflict("mail already stored") when the Message-ID is known.
Status insert_mail(Connection& c, std::string_view message_id, int64_t ticket_id, int64_t ticket_message_id,
                   std::string_view direction, std::string_view sender, std::string_view original_body,
                   int64_t created_ms) {
  if (message_id.empty()) return invalid_argument("mail has no Message-ID");
  Result<Statement> stmt = c.prepare(kInsertMail);
  if (!stmt) return stmt.status();
  stmt->bind(1, message_id).bind(2, ticket_id);
  if (ticket_message_id > 0) {
    stmt->bind(3, ticket_message_id);
  } else {
    stmt->bind_null(3);
  }
  stmt->bind(4, direction).bind(5, sender).bind(6, original_body).bind(7, created_ms);
  Status s = stmt->run();
  if (s.code() == Code::kConflict) return conflict("mail already stored");
  return s;
}

Result<bool> message_id_known(Connection& c, std::string_view message_id) {
  Result<Statement> stmt = c.prepare("SELECT 1 FROM mail_messages WHERE message_id = ?");
  if (!stmt) return stmt.status();
  stmt->bind(1, message_id);
  Result<bool> row = stmt->step();
  if (!row) return row.status();
  const bool found = *row;
  stmt->reset();
  return found;
}

Result<int64_t> query_first_message(Connection& c, int64_t ticket_id) {
  Result<Statement> stmt = c.prepare("SELECT min(id) FROM ticket_messages WHERE ticket_id = ?");
  if (!stmt) return stmt.status();
  stmt->bind(1, ticket_id);
  Result<bool> row = stmt->step();
  if (!row) return row.status();
  const int64_t id = *row ? stmt->column_int64(0) : 0;
  stmt->reset();
  if (id <= 0) return internal("new ticket has no message");
  return id;
}

std::vector<std::string> digests_of(const std::vector<NewAttachment>& items) {
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const NewAttachment& item : items) out.push_back(sha256_hex(item.bytes));
  return out;
}

const std::string kSelectQuarantine = "SELECT " + std::string(kQuarantinedMailColumns) + " FROM mail_quarantine ";

}  // namespace

Result<bool> SqliteMailStore::known(std::string_view message_id) {
  Result<int64_t> n = query_int(db_, "SELECT count(*) FROM mail_messages WHERE message_id = ?",
                                [&](Statement& s) { s.bind(1, message_id); });
  if (!n) return n.status();
  return *n > 0;
}

Result<Ticket> SqliteMailStore::create_ticket(const NewTicket& ticket, const InboundMail& mail) {
  if (Status s = check_new_attachments(mail.attachments); !s.is_ok()) return s;
  const std::vector<std::string> digests = digests_of(mail.attachments);  // outside the write lock
  Result<Ticket> created = internal("ticket not written");
  Status status = db_.write([&](Connection& c) {
    // Checked first so a known Message-ID writes nothing, not even a ticket.
    Result<bool> seen = message_id_known(c, mail.message_id);
    if (!seen) return seen.status();
    if (*seen) return conflict("mail already stored");
    created = insert_ticket(c, ticket);
    if (!created) return created.status();
    Result<int64_t> first = query_first_message(c, created->id);
    if (!first) return first.status();
    Status s = insert_mail(c, mail.message_id, created->id, *first, "in", mail.sender, mail.original_body,
                           ticket.created_ms);
    if (!s.is_ok()) return s;
    return insert_attachments(c, created->id, *first, mail.attachments, digests, ticket.created_ms).status();
  });
  if (!status.is_ok()) return status;
  return created;
}

Result<TicketMessage> SqliteMailStore::add_message(const NewTicketMessage& message, const InboundMail& mail) {
  if (Status s = check_new_attachments(mail.attachments); !s.is_ok()) return s;
  const std::vector<std::string> digests = digests_of(mail.attachments);  // outside the write lock
  Result<TicketMessage> added = internal("ticket message not written");
  Status status = db_.write([&](Connection& c) {
    Result<bool> seen = message_id_known(c, mail.message_id);
    if (!seen) return seen.status();
    if (*seen) return conflict("mail already stored");
    added = insert_ticket_message(c, message);
    if (!added) return added.status();
    Status s = insert_mail(c, mail.message_id, message.ticket_id, added->id, "in", mail.sender,
                           mail.original_body, message.created_ms);
    if (!s.is_ok()) return s;
    return insert_attachments(c, message.ticket_id, added->id, mail.attachments, digests, message.created_ms)
        .status();
  });
  if (!status.is_ok()) return status;
  return added;
}

Result<std::string> SqliteMailStore::find_ticket_ref(const std::vector<std::string>& message_ids) {
  for (const std::string& id : message_ids) {
    Result<std::string> ref = query_one(
        db_, "SELECT t.ref FROM mail_messages m JOIN tickets t ON t.id = m.ticket_id WHERE m.message_id = ?",
        [&](Statement& s) { s.bind(1, id); }, +[](const Statement& s) { return s.column_text(0); }, "");
    if (ref.is_ok()) return ref;
    if (ref.status().code() != Code::kNotFound) return ref.status();
  }
  return not_found("no ticket has these Message-IDs");
}

Status SqliteMailStore::record_outbound(int64_t ticket_id, std::string_view message_id, int64_t created_ms) {
  return db_.write([&](Connection& c) {
    Result<bool> ticket = row_exists(c, "SELECT 1 FROM tickets WHERE id = ?", ticket_id);
    if (!ticket) return ticket.status();
    if (!*ticket) return not_found("no such ticket");
    return insert_mail(c, message_id, ticket_id, 0, "out", "", "", created_ms);
  });
}

Result<std::vector<std::string>> SqliteMailStore::thread(int64_t ticket_id, int limit) {
  if (limit < 0) return invalid_argument("limit must not be negative");
  Result<std::vector<std::string>> newest = query_rows(
      db_, "SELECT message_id FROM mail_messages WHERE ticket_id = ? ORDER BY id DESC LIMIT ?",
      [&](Statement& s) { s.bind(1, ticket_id).bind(2, int64_t{limit}); },
      +[](const Statement& s) { return s.column_text(0); });
  if (!newest) return newest.status();
  return std::vector<std::string>(newest->rbegin(), newest->rend());
}

Result<bool> SqliteMailStore::is_participant(int64_t ticket_id, std::string_view address) {
  Result<int64_t> n = query_int(
      db_,
      "SELECT (SELECT count(*) FROM mail_messages WHERE ticket_id = ?1 AND direction = 'in' AND sender = ?2) + "
      "(SELECT count(*) FROM ticket_messages m JOIN people p ON p.id = m.author_id "
      " WHERE m.ticket_id = ?1 AND lower(p.email) = lower(?2))",
      [&](Statement& s) { s.bind(1, ticket_id).bind(2, address); });
  if (!n) return n.status();
  return *n > 0;
}

Result<std::vector<int64_t>> SqliteMailStore::inbound_messages(int64_t ticket_id) {
  return query_rows(
      db_,
      "SELECT ticket_message_id FROM mail_messages WHERE ticket_id = ? AND direction = 'in' "
      "AND ticket_message_id IS NOT NULL ORDER BY ticket_message_id",
      [&](Statement& s) { s.bind(1, ticket_id); }, +[](const Statement& s) { return s.column_int64(0); });
}

Result<int64_t> SqliteMailStore::outbox_count(std::string_view kind, std::string_view address, int64_t since_ms) {
  return query_int(db_,
                   "SELECT count(*) FROM outbox WHERE kind = ? AND recipient = ? COLLATE NOCASE AND created_ms >= ?",
                   [&](Statement& s) { s.bind(1, kind).bind(2, address).bind(3, since_ms); });
}

Status SqliteMailStore::quarantine(QuarantinedMail& mail) {
  Result<int64_t> id = insert_row(
      db_, "INSERT INTO mail_quarantine (received_ms, source, reason, raw_base64) VALUES (?, ?, ?, ?)",
      [&](Statement& s) {
        s.bind(1, mail.received_ms).bind(2, std::string_view(mail_source_name(mail.source))).bind(3, mail.reason);
        s.bind(4, base64url_encode(mail.raw));
      });
  if (!id) return id.status();
  mail.id = *id;
  return Status::ok();
}

Result<std::vector<QuarantinedMail>> SqliteMailStore::quarantined(int limit) {
  if (limit < 0) return invalid_argument("limit must not be negative");
  return query_rows(
      db_, std::string(kSelectQuarantine) + "ORDER BY received_ms DESC, id DESC LIMIT ?",
      [&](Statement& s) { s.bind(1, int64_t{limit}); }, &read_quarantined_mail);
}

Result<QuarantinedMail> SqliteMailStore::find_quarantined(int64_t id) {
  return query_one(
      db_, std::string(kSelectQuarantine) + "WHERE id = ?", [&](Statement& s) { s.bind(1, id); },
      &read_quarantined_mail, "no such quarantined mail");
}

Status SqliteMailStore::remove_quarantined(int64_t id) {
  return change_one(
      db_, "DELETE FROM mail_quarantine WHERE id = ?", [&](Statement& s) { s.bind(1, id); },
      "no such quarantined mail");
}

}  // namespace deskd::storage::sqlite
