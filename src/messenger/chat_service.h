#pragma once
// The chat operations of visitors and agents (SPEC §3, docs/messenger.md).
// Each one commits to the ChatStore first and only then fans the result out
// through the hub, so whatever a socket shows is durable.
//
// Thread-safe. Every method blocks on storage: call from worker threads
// (HTTP handlers, or a socket's SerialQueue).
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "http/websocket.h"
#include "messenger/hub.h"
#include "messenger/wire.h"
#include "pipeline/services.h"
#include "storage/chat_store.h"

namespace deskd::messenger {

// Chats with no message for this long end by themselves (ended_by "idle").
inline constexpr int64_t kChatIdleMs = 30 * 60 * 1000;
// A visitor may hold at most this many queued or active chats.
inline constexpr size_t kMaxOpenChatsPerVisitor = 3;

struct AgentRef {
  int64_t id = 0;
  std::string name;
};

struct StartChat {
  std::string visitor_id;
  int64_t person_id = 0;
  std::string name;
  std::string email;
  std::string lang;
  std::string body;       // the first message, already cleaned
  std::string client_id;  // may be empty
};

class ChatService {
 public:
  // `svc` and `hub` must outlive the service.
  ChatService(pipeline::Services& svc, ChatHub& hub) : svc_(svc), hub_(hub) {}

  // --- visitors (ownership of the chat is checked: another visitor's chat is NotFound)
  // The new queued chat with its first message (messages included).
  // ResourceExhausted when the visitor already has kMaxOpenChatsPerVisitor open chats.
  Result<nlohmann::json> start(const StartChat& in);
  Result<storage::ChatMessage> visitor_message(std::string_view visitor_id, int64_t chat_id, std::string body,
                                               std::string client_id);
  Result<storage::Chat> visitor_end(std::string_view visitor_id, int64_t chat_id);
  Status visitor_typing(std::string_view visitor_id, int64_t chat_id, bool on);
  // The visitor's chats, newest first, each with its messages (visitor view).
  Result<nlohmann::json> visitor_chats(std::string_view visitor_id);
  // After a (re)connect: the visitor's open (and recently ended) chats, then
  // every message of them with id > last_id, in id order, to `conn` only.
  void visitor_resume(std::string_view visitor_id, int64_t last_id, http::WsConnection& conn);

  // --- agents
  Result<storage::Chat> accept(const AgentRef& agent, int64_t chat_id);
  Result<storage::ChatMessage> agent_message(const AgentRef& agent, int64_t chat_id, std::string body,
                                             std::string client_id);
  Result<storage::Chat> agent_end(const AgentRef& agent, int64_t chat_id);
  // To another agent who is online on this node; InvalidArgument otherwise.
  Result<storage::Chat> transfer(const AgentRef& agent, int64_t chat_id, int64_t to_agent);
  Status agent_typing(const AgentRef& agent, int64_t chat_id, bool on);
  // A newly connected agent: the whole queue, the roster, then each of its
  // active chats with messages and visitor context, to `conn` only. Later
  // queue changes arrive as queued/dequeued deltas.
  void agent_welcome(const AgentRef& agent, http::WsConnection& conn);
  // Messages of the agent's active chats with id > last_id, to `conn` only.
  void agent_resume(const AgentRef& agent, int64_t last_id, http::WsConnection& conn);

  // Ends every chat idle for kChatIdleMs at `now_ms`; returns how many ended.
  Result<int> end_idle(int64_t now_ms);

 private:
  std::string agent_name(int64_t agent_id);
  nlohmann::json chat_for(const storage::Chat& chat, Audience audience, bool with_messages);
  std::string chat_frame(const storage::Chat& chat, Audience audience, bool with_messages);
  std::string queue_frame();
  std::string visitor_context_frame(const storage::Chat& chat);
  Result<storage::Chat> owned_chat(std::string_view visitor_id, int64_t chat_id);
  Result<storage::Chat> held_chat(const AgentRef& agent, int64_t chat_id);
  // Publishes a chat's new state to its visitor, its agent and (when it left
  // the queue) a dequeued frame to every agent.
  void announce(const storage::Chat& chat, bool queue_changed);

  pipeline::Services& svc_;
  ChatHub& hub_;
};

}  // namespace deskd::messenger
