#pragma once
// The ticket service: creating tickets from the Help Center contact form (and,
// later, the Messenger's offline form), validating what people type, and the
// links that bring a requester back to their ticket.
//
// Thread-safe: everything here is a function of its arguments and of
// Services, whose members are thread-safe. Calls block on storage: call them
// from worker threads.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "pipeline/services.h"
#include "storage/attachment_store.h"
#include "storage/ticket_store.h"

namespace deskd::helpcenter {

inline constexpr size_t kMaxTicketName = 100;       // characters (UTF-8 code points)
inline constexpr size_t kMaxTicketSubject = 200;    // characters
inline constexpr size_t kMaxTicketMessage = 20000;  // characters
inline constexpr size_t kAccessTokenBytes = 32;     // 256 bits, base64url in links

struct NewTicketInput {
  std::string name;
  std::string email;
  std::string subject;
  std::string message;
  std::optional<int64_t> person_id;       // the signed-in requester, if any
  std::string lang;                       // language of the requester's mails
  std::optional<std::string> visitor_id;  // dp_v of the requesting browser
  std::string source = "web";             // "web" | "messenger"
  storage::TicketChannel channel = storage::TicketChannel::kPortal;
  std::string origin;                     // scheme://host[:port] for the mailed link
};

// The input as it will be stored: name and subject trimmed, e-mail trimmed and
// lower-cased, message trimmed with CRLF turned into LF.
NewTicketInput normalized(const NewTicketInput& in);

// The catalog key of the first problem of (normalized) input, "" when it is
// acceptable: tickets.error.name (1-100 characters, no control characters),
// tickets.error.email (a valid address of at most 254 bytes),
// tickets.error.subject (1-200 characters, no control characters),
// tickets.error.message (see ticket_message_problem). Invalid UTF-8 anywhere
// is a problem of that field.
std::string_view ticket_input_problem(const NewTicketInput& in);

// tickets.error.message unless `message` is valid UTF-8 of 1-20000 characters
// (after trimming) without control characters other than tab and newline.
std::string_view ticket_message_problem(std::string_view message);

// A reply body as stored: trimmed, CRLF -> LF.
std::string normalized_message(std::string_view message);

// Validates and normalizes `in`, stores the ticket with its first message
// under a fresh reference (a guest also gets an access token, stored hashed)
// and queues the confirmation mail with the link back to the ticket. The mail
// may go to any address typed into a form, so only its subject line repeats
// what the requester typed (their subject); its body carries nothing of theirs. Mails to
// one address back off exponentially after five (the login throttle's rule,
// key "ticket-mail:<address>"), so the form cannot flood a mailbox; a mail
// that is skipped or cannot be queued is logged, the ticket stands.
// InvalidArgument whose message is the catalog key of the problem.
Result<storage::Ticket> create_ticket(pipeline::Services& svc, const NewTicketInput& in);

// The link a mail to the requester carries: for a guest ticket
// <origin>/tickets/<ref>?access=<fresh token> (the token's hash is stored);
// for a person's ticket <origin>/tickets/<ref> (they sign in).
Result<std::string> requester_link(pipeline::Services& svc, const storage::Ticket& ticket, std::string_view origin);

// Queues the mail telling the requester an agent answered: `agent_name`, the
// reply's text and requester_link(). The reply's `files` travel in the mail,
// in order, while their sizes add up to mail.max_attachment_bytes; each file
// after that is listed in the text with its download link
// (<origin>/tickets/<ref>/attachments/<id>, for a browser the ticket link
// admitted). Returns whether it was queued.
bool queue_reply_mail(pipeline::Services& svc, const storage::Ticket& ticket, std::string_view agent_name,
                      std::string_view reply, std::string_view origin,
                      const std::vector<storage::Attachment>& files = {});

}  // namespace deskd::helpcenter
