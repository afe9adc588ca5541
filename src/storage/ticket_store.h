#pragma once
// Tickets of the Help Center contact form and the Messenger's offline form:
// records and the TicketStore interface. Times are Unix milliseconds.
//
// Threading: every call may block; call from worker threads. Implementations
// are thread-safe.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace deskd::storage {

enum class TicketStatus { kOpen, kPending, kResolved, kClosed };
inline constexpr TicketStatus kAllTicketStatuses[] = {TicketStatus::kOpen, TicketStatus::kPending,
                                                      TicketStatus::kResolved, TicketStatus::kClosed};
const char* ticket_status_name(TicketStatus status);  // "open" | "pending" | "resolved" | "closed"
std::optional<TicketStatus> parse_ticket_status(std::string_view name);

enum class TicketAuthor { kUser, kAgent };
const char* ticket_author_name(TicketAuthor author);  // "user" | "agent"

struct Ticket {
  int64_t id = 0;
  std::string ref;                   // public reference, e.g. "K7QX-4P2M"; unique
  std::optional<int64_t> person_id;  // the signed-in requester; nullopt for guests
  std::string requester_name;
  std::string requester_email;
  std::string subject;
  TicketStatus status = TicketStatus::kOpen;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;                 // last message or status change
  std::string lang;                       // the requester's language, for mails
  std::optional<std::string> visitor_id;  // dp_v of the browser that created it
  std::string source = "web";             // "web" | "messenger"
};

struct TicketMessage {
  int64_t id = 0;
  int64_t ticket_id = 0;
  TicketAuthor author = TicketAuthor::kUser;
  std::optional<int64_t> author_id;  // a person; nullopt for a guest
  std::string author_name;
  std::string body;  // plain text
  int64_t created_ms = 0;
};

// A ticket and its first message (written by the requester).
struct NewTicket {
  std::string ref;
  std::optional<int64_t> person_id;
  std::string requester_name;
  std::string requester_email;
  std::string subject;
  std::string body;
  std::string lang;
  std::optional<std::string> visitor_id;
  std::string source = "web";
  std::string access_token_hash;  // hash_hex of a guest access token; "" for none
  int64_t created_ms = 0;
};

struct NewTicketMessage {
  int64_t ticket_id = 0;
  TicketAuthor author = TicketAuthor::kUser;
  std::optional<int64_t> author_id;
  std::string author_name;
  std::string body;
  int64_t created_ms = 0;
};

struct TicketQuery {
  std::optional<TicketStatus> status;  // nullopt = every status
  int limit = 50;
  int offset = 0;
};

// Contract (pinned by storage/testing/ticket_conformance.h):
//  - create writes the ticket, its first message (author kUser, author_id =
//    person_id) and the access token hash in one transaction; status open,
//    updated_ms = created_ms. Conflict when the ref (or token hash) exists;
//    InvalidArgument for an empty ref, a source other than "web"/"messenger"
//    or a person_id naming nobody.
//  - lists: list_for_person and list_for_email (case-insensitive) newest
//    created first; list newest activity (updated_ms) first. InvalidArgument
//    for a negative limit or offset.
//  - add_message: NotFound for an unknown ticket; sets updated_ms to the
//    message's created_ms (never backwards) and the status to open (user) or
//    pending (agent).
//  - set_status: NotFound for an unknown ticket; bumps updated_ms to now_ms.
//  - messages: oldest first; empty for an unknown ticket.
//  - access tokens: several may exist per ticket (one per mailed link); only
//    hashes are stored. find_by_access_token: NotFound when no ticket has it.
class TicketStore {
 public:
  virtual ~TicketStore() = default;
  virtual Result<Ticket> create(const NewTicket& ticket) = 0;
  virtual Result<Ticket> find_by_ref(std::string_view ref) = 0;
  virtual Result<Ticket> find_by_access_token(std::string_view token_hash) = 0;
  virtual Result<std::vector<Ticket>> list_for_person(int64_t person_id, int limit, int offset) = 0;
  virtual Result<std::vector<Ticket>> list_for_email(std::string_view email, int limit, int offset) = 0;
  virtual Result<std::vector<Ticket>> list(const TicketQuery& query) = 0;
  // Tickets per status (every status present, zero when none).
  virtual Result<std::map<TicketStatus, int64_t>> count_by_status() = 0;
  virtual Result<TicketMessage> add_message(const NewTicketMessage& message) = 0;
  virtual Status set_status(int64_t ticket_id, TicketStatus status, int64_t now_ms) = 0;
  virtual Result<std::vector<TicketMessage>> messages(int64_t ticket_id) = 0;
  // Conflict when the hash exists; NotFound for an unknown ticket.
  virtual Status add_access_token(int64_t ticket_id, std::string_view token_hash, int64_t created_ms) = 0;
};

}  // namespace deskd::storage
