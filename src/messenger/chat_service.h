#pragma once
// The chat operations of visitors and agents (SPEC §3, docs/messenger.md).
// Each one commits to the ChatStore first and only then fans the result out
// through the hub, so whatever a socket shows is durable.
//
// Thread-safe. Every method blocks on storage: call from worker threads
// (HTTP handlers, or a socket's SerialQueue).
#include <atomic>
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
// The agent console gets the newest this many queued chats (and the total), so
// a flooded queue costs an agent socket a bounded frame, not the whole queue.
inline constexpr int kQueuePageChats = 50;

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
  std::string body;        // the first message, already cleaned
  std::string client_id;   // may be empty
  std::string client_key;  // opaque key of the client address (the open-chats cap per address)
};

class ChatService {
 public:
  // `svc` and `hub` must outlive the service.
  ChatService(pipeline::Services& svc, ChatHub& hub) : svc_(svc), hub_(hub) {}

  // --- visitors (ownership of the chat is checked: another visitor's chat is NotFound)
  // The new queued chat with its first message (messages included).
  // ResourceExhausted (storage::kOpenChatsPerVisitor / kOpenChatsPerClient)
  // when the visitor or the client address already holds its cap of open chats
  // (limits.open_chats_per_visitor, limits.open_chats_per_ip).
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
  // A newly connected agent: a queue frame (the newest kQueuePageChats queued
  // chats, each with its last few messages, and the total), the roster, then
  // each of its active chats with messages and visitor context, to `conn`
  // only. Later queue changes arrive as queued/dequeued deltas carrying the
  // new total.
  void agent_welcome(const AgentRef& agent, http::WsConnection& conn);
  // The queue frame again, to `conn` only (the console asks when its page ran
  // short while more chats wait).
  void agent_queue(http::WsConnection& conn);
  // Messages of the agent's active chats with id > last_id, to `conn` only.
  void agent_resume(const AgentRef& agent, int64_t last_id, http::WsConnection& conn);

  // Ends every chat idle for kChatIdleMs at `now_ms`; returns how many ended.
  Result<int> end_idle(int64_t now_ms);

  // Chat starts refused by an open-chats cap since start (for /metrics).
  uint64_t open_chat_caps_hit() const { return open_chat_caps_hit_.load(); }

 private:
  std::string agent_name(int64_t agent_id);
  nlohmann::json chat_for(const storage::Chat& chat, Audience audience, bool with_messages);
  std::string chat_frame(const storage::Chat& chat, Audience audience, bool with_messages);
  std::string queue_frame();
  // The queued chat as the agent queue shows it: its last few messages only.
  nlohmann::json queued_chat(const storage::Chat& chat);
  // Adds "total" (chats queued now) to a queue delta; left out when the count fails.
  void add_queue_total(nlohmann::json& frame);
  std::string visitor_context_frame(const storage::Chat& chat);
  Result<storage::Chat> owned_chat(std::string_view visitor_id, int64_t chat_id);
  Result<storage::Chat> held_chat(const AgentRef& agent, int64_t chat_id);
  // Publishes a chat's new state to its visitor, its agent and (when it left
  // the queue) a dequeued frame to every agent.
  void announce(const storage::Chat& chat, bool queue_changed);
  // {"type":"dequeued","chat_id","total"} to every agent.
  void dequeued(int64_t chat_id);

  pipeline::Services& svc_;
  ChatHub& hub_;
  std::atomic<uint64_t> open_chat_caps_hit_{0};
};

}  // namespace deskd::messenger
