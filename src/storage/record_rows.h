#pragma once
// Record mapping shared by the SQLite and PostgreSQL backends: the column list
// each SELECT names and the reader that turns one such row into a record.
// Keeping both here means the two backends cannot drift apart, and a column
// added to a record is read the same way everywhere.
//
// A stored value that no enum names (a row written by a newer version, or by
// hand) is an error, never a silent default: the reader logs it, counts it
// (unreadable_stored_values(), /metrics
// deskd_storage_unreadable_values_total) and returns Internal, so the caller
// fails loudly instead of acting on a guess (a session read as the wrong
// interface, a token with the wrong audience).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "storage/attachment_store.h"
#include "storage/chat_store.h"
#include "storage/feedback_store.h"
#include "storage/mail_store.h"
#include "storage/page_view_store.h"
#include "storage/records.h"
#include "storage/ticket_store.h"
#include "storage/two_factor_store.h"

namespace deskd::storage {

// One result row as both backends' Statement classes expose it. Columns are
// 0-based; NULL reads as 0 / "" / false.
class Row {
 public:
  virtual int64_t column_int64(int index) const = 0;
  virtual bool column_bool(int index) const = 0;
  virtual std::string column_text(int index) const = 0;
  virtual bool column_is_null(int index) const = 0;

 protected:
  ~Row() = default;
};

// Logs "<table> row <id>: unknown <column> '<value>'" at error level, counts
// it, and returns Internal with that text. For readers outside this file too.
Status unreadable_stored_value(std::string_view table, int64_t id, std::string_view column, std::string_view value);
// How many stored values were unreadable since the process started.
uint64_t unreadable_stored_values();

// Reads column `column` of `row` as an enum through `parse` into `out`; a value
// `parse` does not know is unreadable_stored_value(table, id, column_name, value).
template <class E>
Status read_stored_enum(const Row& row, int column, std::optional<E> (*parse)(std::string_view), std::string_view table,
                        int64_t id, std::string_view column_name, E& out) {
  const std::string value = row.column_text(column);
  std::optional<E> parsed = parse(value);
  if (!parsed) return unreadable_stored_value(table, id, column_name, value);
  out = *parsed;
  return Status::ok();
}

// Each kXColumns lists the columns read_x() expects, in its order; a SELECT
// names them as "SELECT <kXColumns> FROM <table> ...".
inline constexpr std::string_view kPersonColumns =
    "id, email, name, role, password_hash, language, disabled, created_ms";
Result<Person> read_person(const Row& row);

inline constexpr std::string_view kSessionColumns =
    "row_id, id_hash, interface, person_id, via_remember, created_ms, last_seen_ms, ip, user_agent, data";
Result<SessionRecord> read_session(const Row& row);

inline constexpr std::string_view kRememberTokenColumns =
    "id, selector, validator_hash, previous_validator_hash, rotated_ms, person_id, audience, created_ms, expires_ms, "
    "last_used_ms, ip, user_agent, retired_validator_hashes";
Result<RememberToken> read_remember_token(const Row& row);

inline constexpr std::string_view kOutboxMailColumns =
    "id, created_ms, recipient, subject, body, kind, sent_ms, attempts, last_error, message_id, in_reply_to, "
    "references_ids, reply_to, attachment_ids";
Result<OutboxMail> read_outbox_mail(const Row& row);

inline constexpr std::string_view kPasswordResetColumns = "id, token_hash, person_id, created_ms, expires_ms, used_ms";
Result<PasswordReset> read_password_reset(const Row& row);

inline constexpr std::string_view kAuditEventColumns = "id, at_ms, event, person_id, email, ip, detail";
Result<AuditEvent> read_audit_event(const Row& row);

inline constexpr std::string_view kCommentColumns =
    "id, article_id, person_id, voter, name, email, body, lang, status, created_ms, moderated_by, moderated_ms";
Result<Comment> read_comment(const Row& row);

inline constexpr std::string_view kPageViewColumns = "id, visitor_id, person_id, path, title, at_ms";
Result<PageView> read_page_view(const Row& row);

inline constexpr std::string_view kChatColumns =
    "id, visitor_id, person_id, name, email, status, agent_id, created_ms, accepted_ms, ended_ms, ended_by, lang";
Result<Chat> read_chat(const Row& row);

inline constexpr std::string_view kChatMessageColumns = "id, chat_id, author, author_id, name, body, client_id, at_ms";
Result<ChatMessage> read_chat_message(const Row& row);

// Of "FROM tickets t".
inline constexpr std::string_view kTicketColumns =
    "t.id, t.ref, t.person_id, t.requester_name, t.requester_email, t.subject, t.status, t.created_ms, t.updated_ms, "
    "t.lang, t.visitor_id, t.source, t.priority, t.group_id, t.assignee_id, t.channel, t.sla_first_response_due_ms, "
    "t.sla_resolution_due_ms, t.sla_first_replied_ms, (SELECT resolved_ms FROM ticket_milestones WHERE ticket_id = t.id)";
Result<Ticket> read_ticket(const Row& row);

inline constexpr std::string_view kTicketMessageColumns =
    "id, ticket_id, author_kind, author_id, author_name, body, created_ms, kind";
Result<TicketMessage> read_ticket_message(const Row& row);

inline constexpr std::string_view kAttachmentColumns =
    "id, ticket_id, message_id, filename, content_type, content_id, sha256, size, created_ms";
Result<Attachment> read_attachment(const Row& row);

// Of "FROM two_factor t" (the last column counts the unused recovery codes).
inline constexpr std::string_view kTwoFactorColumns =
    "person_id, secret, created_ms, confirmed_ms, last_step, "
    "(SELECT COUNT(*) FROM recovery_codes r WHERE r.person_id = t.person_id AND r.used_ms = 0)";
Result<TwoFactor> read_two_factor(const Row& row);

inline constexpr std::string_view kQuarantinedMailColumns = "id, received_ms, source, reason, raw_base64";
Result<QuarantinedMail> read_quarantined_mail(const Row& row);

}  // namespace deskd::storage
