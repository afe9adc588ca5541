#pragma once
// The e-mail channel's records (SPEC §10): every Message-ID deskd received or
// sent with the ticket it belongs to, and the quarantine of inbound mail that
// could not be processed. Times are Unix milliseconds.
//
// Threading: every call may block; call from worker threads. Implementations
// are thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "storage/attachment_store.h"
#include "storage/ticket_store.h"

namespace deskd::storage {

enum class MailSource { kPipe, kImap };
const char* mail_source_name(MailSource source);  // "pipe" | "imap"
std::optional<MailSource> parse_mail_source(std::string_view name);

// What an inbound mail adds besides its ticket message.
struct InboundMail {
  std::string message_id;     // without <>; unique across every mail deskd received or sent
  std::string sender;         // lower-cased bare address
  std::string original_body;  // the whole text, quotes included (the ticket message holds the trimmed one)
  // The mail's files (inline images included), linked to the ticket message
  // in the same transaction; each needs a filename and a content type.
  std::vector<NewAttachment> attachments;
};

// A message that could not be processed, kept byte for byte.
struct QuarantinedMail {
  int64_t id = 0;
  int64_t received_ms = 0;
  MailSource source = MailSource::kPipe;
  std::string reason;  // for admins, e.g. "too many MIME parts"
  std::string raw;     // the message's bytes (any bytes)
};

// Contract (pinned by storage/testing/mail_conformance.h):
//  - create_ticket / add_message write exactly what TicketStore::create /
//    add_message write, plus the mail record and the mail's attachments
//    (AttachmentStore::add's rows and blobs, linked to the new message), in
//    ONE transaction: Conflict ("mail already stored") and nothing written
//    when the Message-ID is known; InvalidArgument and nothing written for an
//    attachment without a filename or content type.
//  - find_ticket_ref: the ref of the ticket of the first of `message_ids`
//    that is known (in or out); NotFound when none is.
//  - record_outbound: Conflict when the Message-ID is known; NotFound for an
//    unknown ticket.
//  - thread: the ticket's Message-IDs (in and out), oldest first, the newest
//    `limit` of them.
//  - is_participant: the address (case-insensitive) sent mail to the ticket,
//    or is the e-mail of a person who wrote one of its messages.
//  - inbound_messages: ids of the ticket's messages that arrived by mail.
//  - outbox_count: outbox mails of `kind` to `address` (case-insensitive)
//    created at or after since_ms (a per-sender cap on acknowledgements).
//  - quarantine: add fills id; list newest first; take/remove NotFound when gone.
class MailStore {
 public:
  virtual ~MailStore() = default;
  virtual Result<bool> known(std::string_view message_id) = 0;
  virtual Result<Ticket> create_ticket(const NewTicket& ticket, const InboundMail& mail) = 0;
  virtual Result<TicketMessage> add_message(const NewTicketMessage& message, const InboundMail& mail) = 0;
  virtual Result<std::string> find_ticket_ref(const std::vector<std::string>& message_ids) = 0;
  virtual Status record_outbound(int64_t ticket_id, std::string_view message_id, int64_t created_ms) = 0;
  virtual Result<std::vector<std::string>> thread(int64_t ticket_id, int limit) = 0;
  virtual Result<bool> is_participant(int64_t ticket_id, std::string_view address) = 0;
  virtual Result<std::vector<int64_t>> inbound_messages(int64_t ticket_id) = 0;
  virtual Result<int64_t> outbox_count(std::string_view kind, std::string_view address, int64_t since_ms) = 0;

  virtual Status quarantine(QuarantinedMail& mail) = 0;
  virtual Result<std::vector<QuarantinedMail>> quarantined(int limit) = 0;
  virtual Result<QuarantinedMail> find_quarantined(int64_t id) = 0;
  virtual Status remove_quarantined(int64_t id) = 0;
};

}  // namespace deskd::storage
