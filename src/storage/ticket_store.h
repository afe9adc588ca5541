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
std::optional<TicketAuthor> parse_ticket_author(std::string_view name);

// Ordered from least to most urgent (the priority sort puts kUrgent first).
enum class TicketPriority { kLow, kNormal, kHigh, kUrgent };
inline constexpr TicketPriority kAllTicketPriorities[] = {TicketPriority::kLow, TicketPriority::kNormal,
                                                          TicketPriority::kHigh, TicketPriority::kUrgent};
const char* ticket_priority_name(TicketPriority priority);  // "low" | "normal" | "high" | "urgent"
std::optional<TicketPriority> parse_ticket_priority(std::string_view name);

// Where a ticket came from (migration 0019): the Help Center forms, inbound
// e-mail, the Messenger, staff, the REST API.
enum class TicketChannel { kPortal, kMail, kChat, kAgent, kApi };
const char* ticket_channel_name(TicketChannel channel);  // "portal" | "mail" | "chat" | "agent" | "api"
std::optional<TicketChannel> parse_ticket_channel(std::string_view name);

// A reply is part of the conversation with the requester; a note is internal
// to the staff: never mailed, never shown to the requester.
enum class TicketMessageKind { kReply, kNote };
const char* ticket_message_kind_name(TicketMessageKind kind);  // "reply" | "note"
std::optional<TicketMessageKind> parse_ticket_message_kind(std::string_view name);

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
  TicketChannel channel = TicketChannel::kPortal;
  TicketPriority priority = TicketPriority::kNormal;
  std::optional<int64_t> group_id;     // an agent group (DeskStore); nullopt = none
  std::optional<int64_t> assignee_id;  // a staff person; nullopt = unassigned
  // SLA (storage/sla_store.h): due times set at creation from the policy then
  // in force (nullopt = no target), the first agent reply, and when the
  // ticket was last resolved or closed (nullopt while unsolved).
  std::optional<int64_t> first_response_due_ms;
  std::optional<int64_t> resolution_due_ms;
  std::optional<int64_t> first_replied_ms;
  std::optional<int64_t> resolved_ms;
};

struct TicketMessage {
  int64_t id = 0;
  int64_t ticket_id = 0;
  TicketAuthor author = TicketAuthor::kUser;
  std::optional<int64_t> author_id;  // a person; nullopt for a guest
  std::string author_name;
  std::string body;  // plain text
  int64_t created_ms = 0;
  TicketMessageKind kind = TicketMessageKind::kReply;
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
  TicketChannel channel = TicketChannel::kPortal;
  std::string access_token_hash;  // hash_hex of a guest access token; "" for none
  int64_t created_ms = 0;
  TicketPriority priority = TicketPriority::kNormal;
  std::optional<int64_t> group_id;
};

struct NewTicketMessage {
  int64_t ticket_id = 0;
  TicketAuthor author = TicketAuthor::kUser;
  std::optional<int64_t> author_id;
  std::string author_name;
  std::string body;
  int64_t created_ms = 0;
  TicketMessageKind kind = TicketMessageKind::kReply;  // a note needs author kAgent
};

// The agent desk's views. "Unsolved" = status open or pending.
//  kAll: every ticket; kMine: unsolved, assigned to agent_id; kUnassigned:
//  unsolved, no assignee; kMyGroups: unsolved, in a group agent_id belongs to;
//  kAllOpen: unsolved; kOverdue: unsolved with a first response (not yet
//  given) or a resolution due at or before the query's now_ms.
enum class TicketView { kAll, kMine, kUnassigned, kMyGroups, kAllOpen, kOverdue };
inline constexpr TicketView kAllTicketViews[] = {TicketView::kMine,    TicketView::kUnassigned, TicketView::kMyGroups,
                                                 TicketView::kAllOpen, TicketView::kOverdue,    TicketView::kAll};
// "mine" | "unassigned" | "my-groups" | "open" | "overdue" | "all"
const char* ticket_view_name(TicketView view);
std::optional<TicketView> parse_ticket_view(std::string_view name);

// kUpdated: newest activity first; kNewest / kOldest: by creation; kPriority:
// most urgent first, then newest activity. Ties break by id (stable paging).
enum class TicketSort { kUpdated, kNewest, kOldest, kPriority };
const char* ticket_sort_name(TicketSort sort);  // "updated" | "newest" | "oldest" | "priority"
std::optional<TicketSort> parse_ticket_sort(std::string_view name);

struct TicketQuery {
  std::optional<TicketStatus> status;  // nullopt = every status the view admits
  int limit = 50;
  int offset = 0;
  TicketView view = TicketView::kAll;
  int64_t agent_id = 0;  // whose view kMine / kMyGroups is
  TicketSort sort = TicketSort::kUpdated;
  int64_t now_ms = 0;  // what kOverdue compares due times with
};

// Fields an agent changes on one or many tickets; absent = unchanged. For
// group_id and assignee_id an inner nullopt clears the field.
struct TicketChange {
  std::optional<TicketStatus> status;
  std::optional<TicketPriority> priority;
  std::optional<std::optional<int64_t>> group_id;
  std::optional<std::optional<int64_t>> assignee_id;
  bool empty() const { return !status && !priority && !group_id && !assignee_id; }
};
inline constexpr size_t kMaxTicketBatch = 200;

// Contract (pinned by storage/testing/ticket_conformance.h):
//  - create writes the ticket, its first message (author kUser, author_id =
//    person_id) and the access token hash in one transaction; status open,
//    updated_ms = created_ms. Conflict when the ref (or token hash) exists;
//    InvalidArgument for an empty ref, a source other than "web"/"messenger"
//    or a person_id naming nobody.
//  - lists: list_for_person and list_for_email (case-insensitive) newest
//    created first; list newest activity (updated_ms) first. InvalidArgument
//    for a negative limit or offset.
//  - add_message: NotFound for an unknown ticket; a reply sets updated_ms to
//    the message's created_ms (never backwards) and the status to open (user)
//    or pending (agent). A note (author kAgent only, else InvalidArgument)
//    changes neither: the requester's view of the ticket never moves for one.
//  - messages returns replies only, oldest first: what the requester may
//    see. staff_thread returns replies and notes, oldest first. Both are
//    empty for an unknown ticket.
//  - create stores priority and group_id (InvalidArgument for an unknown
//    group); no assignee. It sets the SLA due times from the stored policy
//    (storage::sla_due of the SlaStore's policy, priority, created_ms);
//    update recomputes them (from created_ms) for a changed priority and
//    re-arms their breach notifications.
//  - list/count_views: see TicketView; counts cover every view, each with
//    the status filter absent. InvalidArgument for a view that needs an
//    agent (kMine, kMyGroups) without one.
//  - update: applies `change` to every listed ticket in one transaction,
//    bumps updated_ms to now_ms (never backwards) and returns how many
//    tickets exist among the ids (unknown ids are skipped). InvalidArgument
//    for an empty change, more than kMaxTicketBatch ids, an unknown group, or
//    an assignee who is not an enabled agent or admin; then nothing changes.
//  - set_status: NotFound for an unknown ticket; bumps updated_ms to now_ms.
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
  virtual Result<std::vector<TicketMessage>> staff_thread(int64_t ticket_id) = 0;
  virtual Result<std::map<TicketView, int64_t>> count_views(int64_t agent_id, int64_t now_ms) = 0;
  virtual Result<int64_t> update(const std::vector<int64_t>& ticket_ids, const TicketChange& change,
                                 int64_t now_ms) = 0;
  // Conflict when the hash exists; NotFound for an unknown ticket.
  virtual Status add_access_token(int64_t ticket_id, std::string_view token_hash, int64_t created_ms) = 0;
};

}  // namespace deskd::storage
