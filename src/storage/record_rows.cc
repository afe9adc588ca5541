#include "storage/record_rows.h"

#include <spdlog/spdlog.h>

#include <atomic>

#include "core/crypto.h"
#include "core/log_text.h"

namespace deskd::storage {
namespace {

std::atomic<uint64_t> g_unreadable{0};

}  // namespace

Status unreadable_stored_value(std::string_view table, int64_t id, std::string_view column, std::string_view value) {
  g_unreadable.fetch_add(1, std::memory_order_relaxed);
  std::string message = std::string(table) + " row " + std::to_string(id) + ": unknown " + std::string(column) + " '" +
                        log_text(value.substr(0, 64)) + "'";
  spdlog::error("storage: {} (the row is not used; fix or remove it)", message);
  return internal(std::move(message));
}

uint64_t unreadable_stored_values() {
  return g_unreadable.load(std::memory_order_relaxed);
}

Result<Person> read_person(const Row& row) {
  Person person;
  person.id = row.column_int64(0);
  person.email = row.column_text(1);
  person.name = row.column_text(2);
  if (Status s = read_stored_enum(row, 3, &parse_role, "people", person.id, "role", person.role); !s.is_ok()) return s;
  person.password_hash = row.column_text(4);
  person.language = row.column_text(5);
  person.disabled = row.column_bool(6);
  person.created_ms = row.column_int64(7);
  return person;
}

Result<SessionRecord> read_session(const Row& row) {
  SessionRecord record;
  record.row_id = row.column_int64(0);
  record.id_hash = row.column_text(1);
  if (Status s =
          read_stored_enum(row, 2, &parse_session_interface, "sessions", record.row_id, "interface", record.interface);
      !s.is_ok())
    return s;
  record.person_id = row.column_int64(3);
  record.via_remember = row.column_bool(4);
  record.created_ms = row.column_int64(5);
  record.last_seen_ms = row.column_int64(6);
  record.ip = row.column_text(7);
  record.user_agent = row.column_text(8);
  record.data = row.column_text(9);
  return record;
}

Result<RememberToken> read_remember_token(const Row& row) {
  RememberToken token;
  token.id = row.column_int64(0);
  token.selector = row.column_text(1);
  token.validator_hash = row.column_text(2);
  token.previous_validator_hash = row.column_text(3);
  token.rotated_ms = row.column_int64(4);
  token.person_id = row.column_int64(5);
  if (Status s =
          read_stored_enum(row, 6, &parse_remember_audience, "remember_tokens", token.id, "audience", token.audience);
      !s.is_ok())
    return s;
  token.created_ms = row.column_int64(7);
  token.expires_ms = row.column_int64(8);
  token.last_used_ms = row.column_int64(9);
  token.ip = row.column_text(10);
  token.user_agent = row.column_text(11);
  token.retired_validator_hashes = row.column_text(12);
  return token;
}

Result<OutboxMail> read_outbox_mail(const Row& row) {
  OutboxMail mail;
  mail.id = row.column_int64(0);
  mail.created_ms = row.column_int64(1);
  mail.to = row.column_text(2);
  mail.subject = row.column_text(3);
  mail.body = row.column_text(4);
  mail.kind = row.column_text(5);
  mail.sent_ms = row.column_int64(6);
  mail.attempts = static_cast<int>(row.column_int64(7));
  mail.last_error = row.column_text(8);
  mail.message_id = row.column_text(9);
  mail.in_reply_to = row.column_text(10);
  mail.references = row.column_text(11);
  mail.reply_to = row.column_text(12);
  mail.attachment_ids = split_ids(row.column_text(13));
  return mail;
}

Result<PasswordReset> read_password_reset(const Row& row) {
  PasswordReset reset;
  reset.id = row.column_int64(0);
  reset.token_hash = row.column_text(1);
  reset.person_id = row.column_int64(2);
  reset.created_ms = row.column_int64(3);
  reset.expires_ms = row.column_int64(4);
  reset.used_ms = row.column_int64(5);
  return reset;
}

Result<AuditEvent> read_audit_event(const Row& row) {
  AuditEvent event;
  event.id = row.column_int64(0);
  event.at_ms = row.column_int64(1);
  event.event = row.column_text(2);
  event.person_id = row.column_int64(3);
  event.email = row.column_text(4);
  event.ip = row.column_text(5);
  event.detail = row.column_text(6);
  return event;
}

Result<Comment> read_comment(const Row& row) {
  Comment c;
  c.id = row.column_int64(0);
  c.article_id = row.column_int64(1);
  c.person_id = row.column_int64(2);
  c.voter = row.column_text(3);
  c.name = row.column_text(4);
  c.email = row.column_text(5);
  c.body = row.column_text(6);
  c.lang = row.column_text(7);
  if (Status s = read_stored_enum(row, 8, &parse_comment_status, "comments", c.id, "status", c.status); !s.is_ok())
    return s;
  c.created_ms = row.column_int64(9);
  c.moderated_by = row.column_int64(10);
  c.moderated_ms = row.column_int64(11);
  return c;
}

Result<PageView> read_page_view(const Row& row) {
  PageView v;
  v.id = row.column_int64(0);
  v.visitor_id = row.column_text(1);
  v.person_id = row.column_int64(2);
  v.path = row.column_text(3);
  v.title = row.column_text(4);
  v.at_ms = row.column_int64(5);
  return v;
}

Result<Chat> read_chat(const Row& row) {
  Chat c;
  c.id = row.column_int64(0);
  c.visitor_id = row.column_text(1);
  c.person_id = row.column_int64(2);
  c.name = row.column_text(3);
  c.email = row.column_text(4);
  if (Status s = read_stored_enum(row, 5, &parse_chat_status, "chats", c.id, "status", c.status); !s.is_ok()) return s;
  c.agent_id = row.column_int64(6);
  c.created_ms = row.column_int64(7);
  c.accepted_ms = row.column_int64(8);
  c.ended_ms = row.column_int64(9);
  c.ended_by = row.column_text(10);
  c.lang = row.column_text(11);
  return c;
}

Result<ChatMessage> read_chat_message(const Row& row) {
  ChatMessage m;
  m.id = row.column_int64(0);
  m.chat_id = row.column_int64(1);
  if (Status s = read_stored_enum(row, 2, &parse_chat_author, "chat_messages", m.id, "author", m.author); !s.is_ok())
    return s;
  m.author_id = row.column_int64(3);
  m.name = row.column_text(4);
  m.body = row.column_text(5);
  m.client_id = row.column_text(6);
  m.at_ms = row.column_int64(7);
  return m;
}

Result<Ticket> read_ticket(const Row& row) {
  Ticket t;
  t.id = row.column_int64(0);
  t.ref = row.column_text(1);
  if (!row.column_is_null(2)) t.person_id = row.column_int64(2);
  t.requester_name = row.column_text(3);
  t.requester_email = row.column_text(4);
  t.subject = row.column_text(5);
  if (Status s = read_stored_enum(row, 6, &parse_ticket_status, "tickets", t.id, "status", t.status); !s.is_ok())
    return s;
  t.created_ms = row.column_int64(7);
  t.updated_ms = row.column_int64(8);
  t.lang = row.column_text(9);
  if (!row.column_is_null(10)) t.visitor_id = row.column_text(10);
  t.source = row.column_text(11);
  if (Status s = read_stored_enum(row, 12, &parse_ticket_priority, "tickets", t.id, "priority", t.priority); !s.is_ok())
    return s;
  if (!row.column_is_null(13)) t.group_id = row.column_int64(13);
  if (!row.column_is_null(14)) t.assignee_id = row.column_int64(14);
  if (Status s = read_stored_enum(row, 15, &parse_ticket_channel, "tickets", t.id, "channel", t.channel); !s.is_ok())
    return s;
  if (!row.column_is_null(16)) t.first_response_due_ms = row.column_int64(16);
  if (!row.column_is_null(17)) t.resolution_due_ms = row.column_int64(17);
  if (!row.column_is_null(18)) t.first_replied_ms = row.column_int64(18);
  if (!row.column_is_null(19)) t.resolved_ms = row.column_int64(19);
  return t;
}

Result<TicketMessage> read_ticket_message(const Row& row) {
  TicketMessage m;
  m.id = row.column_int64(0);
  m.ticket_id = row.column_int64(1);
  if (Status s = read_stored_enum(row, 2, &parse_ticket_author, "ticket_messages", m.id, "author_kind", m.author);
      !s.is_ok())
    return s;
  if (!row.column_is_null(3)) m.author_id = row.column_int64(3);
  m.author_name = row.column_text(4);
  m.body = row.column_text(5);
  m.created_ms = row.column_int64(6);
  if (Status s = read_stored_enum(row, 7, &parse_ticket_message_kind, "ticket_messages", m.id, "kind", m.kind);
      !s.is_ok())
    return s;
  return m;
}

Result<Attachment> read_attachment(const Row& row) {
  Attachment a;
  a.id = row.column_int64(0);
  a.ticket_id = row.column_int64(1);
  a.message_id = row.column_int64(2);
  a.filename = row.column_text(3);
  a.content_type = row.column_text(4);
  a.content_id = row.column_text(5);
  a.sha256 = row.column_text(6);
  a.size = row.column_int64(7);
  a.created_ms = row.column_int64(8);
  return a;
}

Result<TwoFactor> read_two_factor(const Row& row) {
  TwoFactor t;
  t.person_id = row.column_int64(0);
  t.secret = row.column_text(1);
  t.created_ms = row.column_int64(2);
  t.confirmed_ms = row.column_int64(3);
  t.last_step = row.column_int64(4);
  t.recovery_codes_left = static_cast<int>(row.column_int64(5));
  return t;
}

Result<QuarantinedMail> read_quarantined_mail(const Row& row) {
  QuarantinedMail m;
  m.id = row.column_int64(0);
  m.received_ms = row.column_int64(1);
  if (Status s = read_stored_enum(row, 2, &parse_mail_source, "mail_quarantine", m.id, "source", m.source); !s.is_ok())
    return s;
  m.reason = row.column_text(3);
  const std::string raw = row.column_text(4);
  std::optional<std::string> bytes = base64url_decode(raw);
  if (!bytes) return unreadable_stored_value("mail_quarantine", m.id, "raw_base64", raw);
  m.raw = std::move(*bytes);
  return m;
}

}  // namespace deskd::storage
