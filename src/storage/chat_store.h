#pragma once
// Messenger chats (SPEC §3): chats between a visitor (dp_v) and an agent, and
// their messages. A message's id is assigned by the store, grows with every
// insert across all chats, and is the resume cursor clients send back after a
// reconnect. Times are Unix milliseconds; person and agent id 0 mean "nobody".
//
// Threading: every call may block; call from worker threads. Implementations
// are thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace deskd::storage {

enum class ChatStatus { kQueued, kActive, kEnded };
const char* chat_status_name(ChatStatus status);  // "queued" | "active" | "ended"
std::optional<ChatStatus> parse_chat_status(std::string_view name);

enum class ChatAuthor { kVisitor, kAgent, kSystem };
const char* chat_author_name(ChatAuthor author);  // "visitor" | "agent" | "system"
std::optional<ChatAuthor> parse_chat_author(std::string_view name);

struct Chat {
  int64_t id = 0;
  std::string visitor_id;
  int64_t person_id = 0;  // the visitor's person once attached (sign-in)
  std::string name;       // what the visitor typed (may be empty)
  std::string email;
  ChatStatus status = ChatStatus::kQueued;
  int64_t agent_id = 0;  // the agent who holds it (accepted or transferred to)
  int64_t created_ms = 0;
  int64_t accepted_ms = 0;
  int64_t ended_ms = 0;
  std::string ended_by;  // "visitor" | "agent" | "idle" once ended
  std::string lang;
};

struct ChatMessage {
  int64_t id = 0;  // the resume cursor
  int64_t chat_id = 0;
  ChatAuthor author = ChatAuthor::kVisitor;
  int64_t author_id = 0;  // the agent's person id; 0 for visitors and the system
  std::string name;
  std::string body;
  std::string client_id;  // the sender's idempotency key; "" when none
  int64_t at_ms = 0;
};

struct NewChat {
  std::string visitor_id;
  int64_t person_id = 0;
  std::string name;
  std::string email;
  std::string lang;
  int64_t created_ms = 0;
  // Abuse limits (docs/security.md): an opaque key of the client address the
  // chat is started from ("" = none), and the caps create() enforces; 0 = no cap.
  std::string client_key;
  int64_t max_open_per_visitor = 0;  // queued or active chats of visitor_id
  int64_t max_open_per_client = 0;   // queued or active chats with this client_key
};

// create()'s ResourceExhausted messages, naming the cap that refused the chat.
inline constexpr std::string_view kOpenChatsPerVisitor = "open chats per visitor";
inline constexpr std::string_view kOpenChatsPerClient = "open chats per client address";

// A page of the queue: the newest queued chats and how many wait in all.
struct QueuePage {
  std::vector<Chat> chats;  // oldest first
  int64_t total = 0;
};

class ChatStore {
 public:
  virtual ~ChatStore() = default;

  // Records a visitor (a `visitors` row shared with the engagement store) once
  // it starts a chat; recording an existing id again is OK and changes nothing.
  // Callers check the id was issued (security/visitor_token.h) first.
  virtual Status register_visitor(std::string_view visitor_id, int64_t now_ms) = 0;

  // A queued chat. InvalidArgument for an empty visitor id; ResourceExhausted
  // (message kOpenChatsPerVisitor or kOpenChatsPerClient) when the visitor, or
  // the client_key, already holds its cap of queued or active chats. The count
  // and the insert are one transaction, so concurrent starts cannot pass a cap.
  virtual Result<Chat> create(const NewChat& chat) = 0;
  virtual Result<Chat> find(int64_t chat_id) = 0;  // NotFound when absent

  // Appends `message` (its id is ignored) and returns the stored row. When a
  // message with the same non-empty client_id exists in the chat, nothing is
  // written and that existing row is returned (idempotent retries).
  // NotFound for an unknown chat; Conflict when the chat has ended;
  // InvalidArgument for an empty body.
  virtual Result<ChatMessage> add_message(const ChatMessage& message) = 0;
  // The chat's messages, oldest (lowest id) first.
  virtual Result<std::vector<ChatMessage>> messages(int64_t chat_id) = 0;
  // The chat's newest `limit` messages, oldest of them first.
  virtual Result<std::vector<ChatMessage>> latest_messages(int64_t chat_id, int limit) = 0;
  // Messages of any of `chat_ids` with id > last_id, ascending id, at most `limit`.
  virtual Result<std::vector<ChatMessage>> messages_after(const std::vector<int64_t>& chat_ids, int64_t last_id,
                                                          int limit) = 0;

  // Newest first, at most `limit`.
  virtual Result<std::vector<Chat>> chats_for_visitor(std::string_view visitor_id, int limit) = 0;
  virtual Result<std::vector<Chat>> chats_for_person(int64_t person_id, int limit) = 0;
  // The newest `limit` queued chats (oldest of them first) and the number of
  // queued chats in all.
  virtual Result<QueuePage> queue(int limit) = 0;
  virtual Result<int64_t> queue_size() = 0;
  // Active chats held by the agent, oldest first.
  virtual Result<std::vector<Chat>> active_for_agent(int64_t agent_id) = 0;
  // Chats not ended whose last message (or creation, without messages) is
  // older than `cutoff_ms`, oldest first.
  virtual Result<std::vector<Chat>> idle_since(int64_t cutoff_ms) = 0;

  // Compare-and-swap: only a queued chat can be accepted; it becomes active
  // with this agent and accepted_ms. Conflict otherwise; NotFound when absent.
  virtual Result<Chat> accept(int64_t chat_id, int64_t agent_id, int64_t now_ms) = 0;
  // Compare-and-swap: only an active chat held by `from_agent` moves to
  // `to_agent`. Conflict otherwise; NotFound when absent.
  virtual Result<Chat> transfer(int64_t chat_id, int64_t from_agent, int64_t to_agent) = 0;
  // Ends a queued or active chat (ended_by, ended_ms). Conflict when already
  // ended; NotFound when absent.
  virtual Result<Chat> end(int64_t chat_id, std::string_view ended_by, int64_t now_ms) = 0;

  // Gives the visitor's chats that have no person yet to `person_id`; returns
  // how many changed.
  virtual Result<int64_t> attach_visitor(std::string_view visitor_id, int64_t person_id) = 0;
};

}  // namespace deskd::storage
