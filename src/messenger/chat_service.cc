#include "messenger/chat_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "messenger/wire.h"

namespace deskd::messenger {
namespace {

using nlohmann::json;
using storage::Chat;
using storage::ChatAuthor;
using storage::ChatMessage;
using storage::ChatStatus;

constexpr int kHistoryChats = 20;
constexpr int kReplayLimit = 1000;
constexpr int kContextPageViews = 20;
constexpr int kContextChats = 10;
constexpr size_t kPreviewChars = 200;
constexpr int kQueuedMessages = 3;
constexpr int64_t kRecentlyEndedMs = 60 * 60 * 1000;

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string message_frame(const ChatMessage& m) {
  json j = message_json(m);
  j["type"] = "message";
  return dump(j);
}

std::string typing_frame(int64_t chat_id, bool on, std::string_view from, std::string_view name) {
  return dump(json{{"type", "typing"}, {"chat_id", chat_id}, {"on", on}, {"from", from}, {"name", name}});
}

std::string preview(std::string_view body) {
  if (utf8_length(body) <= kPreviewChars) return std::string(body);
  size_t chars = 0;
  size_t i = 0;
  for (; i < body.size(); ++i) {
    if ((static_cast<unsigned char>(body[i]) & 0xC0) != 0x80 && chars++ == kPreviewChars) break;
  }
  return std::string(body.substr(0, i)) + "…";
}

}  // namespace

std::string ChatService::agent_name(int64_t agent_id) {
  if (agent_id == 0) return {};
  auto p = svc_.storage.people().find_by_id(agent_id);
  if (!p.is_ok()) return {};
  return p->name.empty() ? p->email : p->name;
}

json ChatService::chat_for(const Chat& chat, Audience audience, bool with_messages) {
  json j = chat_json(chat, agent_name(chat.agent_id), audience);
  if (with_messages) {
    json list = json::array();
    if (auto msgs = svc_.storage.chats().messages(chat.id); msgs.is_ok()) {
      for (const auto& m : *msgs) list.push_back(message_json(m));
    }
    j["messages"] = std::move(list);
  }
  return j;
}

std::string ChatService::chat_frame(const Chat& chat, Audience audience, bool with_messages) {
  return dump(json{{"type", "chat"}, {"chat", chat_for(chat, audience, with_messages)}});
}

json ChatService::queued_chat(const Chat& chat) {
  // The queue shows what the visitor wrote last; the whole thread comes with accept.
  json j = chat_for(chat, Audience::kAgent, false);
  json list = json::array();
  if (auto msgs = svc_.storage.chats().latest_messages(chat.id, kQueuedMessages); msgs.is_ok()) {
    for (const auto& m : *msgs) list.push_back(message_json(m));
  }
  j["messages"] = std::move(list);
  return j;
}

void ChatService::add_queue_total(json& frame) {
  if (auto total = svc_.storage.chats().queue_size(); total.is_ok()) {
    frame["total"] = *total;
  } else {
    spdlog::warn("chat queue size: {}", total.status().to_string());
  }
}

std::string ChatService::queue_frame() {
  json chats = json::array();
  int64_t total = 0;
  if (auto page = svc_.storage.chats().queue(kQueuePageChats); page.is_ok()) {
    for (const auto& c : page->chats) chats.push_back(queued_chat(c));
    total = std::max<int64_t>(page->total, static_cast<int64_t>(chats.size()));
  } else {
    spdlog::warn("chat queue: {}", page.status().to_string());
  }
  return dump(json{{"type", "queue"}, {"chats", std::move(chats)}, {"total", total}, {"limit", kQueuePageChats}});
}

std::string ChatService::visitor_context_frame(const Chat& chat) {
  json views = json::array();
  if (auto pv = svc_.storage.page_views().recent_page_views(chat.visitor_id, kContextPageViews); pv.is_ok()) {
    for (const auto& v : *pv) views.push_back({{"path", v.path}, {"title", v.title}, {"at_ms", v.at_ms}});
  }
  json previous = json::array();
  if (auto chats = svc_.storage.chats().chats_for_visitor(chat.visitor_id, kContextChats + 1); chats.is_ok()) {
    for (const auto& c : *chats) {
      if (c.id == chat.id) continue;
      json p = {{"id", c.id},
                {"status", storage::chat_status_name(c.status)},
                {"created_ms", c.created_ms},
                {"agent", agent_name(c.agent_id)}};
      if (auto msgs = svc_.storage.chats().messages(c.id); msgs.is_ok()) {
        p["message_count"] = msgs->size();
        p["preview"] = msgs->empty() ? std::string() : preview(msgs->front().body);
      }
      previous.push_back(std::move(p));
    }
  }
  return dump(json{{"type", "visitor"},
                   {"chat_id", chat.id},
                   {"visitor", chat.visitor_id},
                   {"page_views", std::move(views)},
                   {"previous_chats", std::move(previous)}});
}

void ChatService::announce(const Chat& chat, bool queue_changed) {
  hub_.to_visitor(chat.visitor_id, chat_frame(chat, Audience::kVisitor, false));
  if (chat.agent_id != 0) hub_.to_agent(chat.agent_id, chat_frame(chat, Audience::kAgent, false));
  if (queue_changed) dequeued(chat.id);
}

void ChatService::dequeued(int64_t chat_id) {
  json frame{{"type", "dequeued"}, {"chat_id", chat_id}};
  add_queue_total(frame);
  hub_.to_agents(dump(frame));
}

Result<Chat> ChatService::owned_chat(std::string_view visitor_id, int64_t chat_id) {
  Result<Chat> chat = svc_.storage.chats().find(chat_id);
  if (!chat.is_ok()) return chat.status();
  if (chat->visitor_id != visitor_id) return not_found("no such chat");
  return chat;
}

Result<Chat> ChatService::held_chat(const AgentRef& agent, int64_t chat_id) {
  Result<Chat> chat = svc_.storage.chats().find(chat_id);
  if (!chat.is_ok()) return chat.status();
  if (chat->agent_id != agent.id) return permission_denied("the chat is not yours");
  return chat;
}

Result<json> ChatService::start(const StartChat& in) {
  auto& store = svc_.storage.chats();
  const int64_t now = svc_.clock.now_ms();
  storage::NewChat spec{.visitor_id = in.visitor_id,
                        .person_id = in.person_id,
                        .name = in.name,
                        .email = in.email,
                        .lang = in.lang,
                        .created_ms = now,
                        .client_key = in.client_key};
  spec.max_open_per_visitor = svc_.config.limits.open_chats_per_visitor;
  spec.max_open_per_client = svc_.config.limits.open_chats_per_ip;
  Result<Chat> chat = store.create(spec);
  if (!chat.is_ok()) {
    if (chat.status().code() == Code::kResourceExhausted) ++open_chat_caps_hit_;
    return chat.status();
  }
  ChatMessage first;
  first.chat_id = chat->id;
  first.author = ChatAuthor::kVisitor;
  first.name = in.name;
  first.body = in.body;
  first.client_id = in.client_id;
  first.at_ms = now;
  Result<ChatMessage> stored = store.add_message(first);
  if (!stored.is_ok()) return stored.status();
  hub_.to_visitor(chat->visitor_id, chat_frame(*chat, Audience::kVisitor, true));
  json queued{{"type", "queued"}, {"chat", chat_for(*chat, Audience::kAgent, true)}};
  add_queue_total(queued);
  hub_.to_agents(dump(queued));
  return chat_for(*chat, Audience::kVisitor, true);
}

Result<ChatMessage> ChatService::visitor_message(std::string_view visitor_id, int64_t chat_id, std::string body,
                                                 std::string client_id) {
  Result<Chat> chat = owned_chat(visitor_id, chat_id);
  if (!chat.is_ok()) return chat.status();
  ChatMessage m;
  m.chat_id = chat_id;
  m.author = ChatAuthor::kVisitor;
  m.name = chat->name;
  m.body = std::move(body);
  m.client_id = std::move(client_id);
  m.at_ms = svc_.clock.now_ms();
  Result<ChatMessage> stored = svc_.storage.chats().add_message(m);
  if (!stored.is_ok()) return stored;
  const std::string frame = message_frame(*stored);
  hub_.to_visitor(chat->visitor_id, frame);
  if (chat->agent_id != 0) {
    hub_.to_agent(chat->agent_id, frame);
  } else if (chat->status == ChatStatus::kQueued) {
    hub_.to_agents(frame);  // the queue shows the latest message
  }
  return stored;
}

Result<Chat> ChatService::visitor_end(std::string_view visitor_id, int64_t chat_id) {
  Result<Chat> chat = owned_chat(visitor_id, chat_id);
  if (!chat.is_ok()) return chat.status();
  if (chat->status == ChatStatus::kEnded) return chat;
  Result<Chat> ended = svc_.storage.chats().end(chat_id, "visitor", svc_.clock.now_ms());
  if (!ended.is_ok()) {
    if (ended.status().code() == Code::kConflict) return svc_.storage.chats().find(chat_id);
    return ended;
  }
  announce(*ended, chat->status == ChatStatus::kQueued);
  return ended;
}

Status ChatService::visitor_typing(std::string_view visitor_id, int64_t chat_id, bool on) {
  Result<Chat> chat = owned_chat(visitor_id, chat_id);
  if (!chat.is_ok()) return chat.status();
  if (chat->agent_id != 0 && chat->status == ChatStatus::kActive)
    hub_.to_agent(chat->agent_id, typing_frame(chat_id, on, "visitor", chat->name));
  return Status::ok();
}

Result<json> ChatService::visitor_chats(std::string_view visitor_id) {
  auto chats = svc_.storage.chats().chats_for_visitor(visitor_id, kHistoryChats);
  if (!chats.is_ok()) return chats.status();
  json list = json::array();
  for (const auto& c : *chats) list.push_back(chat_for(c, Audience::kVisitor, true));
  return list;
}

void ChatService::visitor_resume(std::string_view visitor_id, int64_t last_id, http::WsConnection& conn) {
  auto chats = svc_.storage.chats().chats_for_visitor(visitor_id, kHistoryChats);
  if (!chats.is_ok()) {
    spdlog::warn("visitor resume: {}", chats.status().to_string());
    return;
  }
  const int64_t now = svc_.clock.now_ms();
  std::vector<int64_t> ids;
  for (const auto& c : *chats) {
    if (c.status == ChatStatus::kEnded && c.ended_ms < now - kRecentlyEndedMs) continue;
    ids.push_back(c.id);
    conn.send(chat_frame(c, Audience::kVisitor, false));
  }
  auto missed = svc_.storage.chats().messages_after(ids, last_id, kReplayLimit);
  if (!missed.is_ok()) return;
  for (const auto& m : *missed) conn.send(message_frame(m));
}

Result<Chat> ChatService::accept(const AgentRef& agent, int64_t chat_id) {
  Result<Chat> chat = svc_.storage.chats().accept(chat_id, agent.id, svc_.clock.now_ms());
  if (!chat.is_ok()) return chat;
  hub_.to_visitor(chat->visitor_id, chat_frame(*chat, Audience::kVisitor, false));
  hub_.to_agent(agent.id, chat_frame(*chat, Audience::kAgent, true));
  hub_.to_agent(agent.id, visitor_context_frame(*chat));
  dequeued(chat->id);
  return chat;
}

Result<ChatMessage> ChatService::agent_message(const AgentRef& agent, int64_t chat_id, std::string body,
                                               std::string client_id) {
  Result<Chat> chat = held_chat(agent, chat_id);
  if (!chat.is_ok()) return chat.status();
  ChatMessage m;
  m.chat_id = chat_id;
  m.author = ChatAuthor::kAgent;
  m.author_id = agent.id;
  m.name = agent.name;
  m.body = std::move(body);
  m.client_id = std::move(client_id);
  m.at_ms = svc_.clock.now_ms();
  Result<ChatMessage> stored = svc_.storage.chats().add_message(m);
  if (!stored.is_ok()) return stored;
  const std::string frame = message_frame(*stored);
  hub_.to_visitor(chat->visitor_id, frame);
  hub_.to_agent(agent.id, frame);
  return stored;
}

Result<Chat> ChatService::agent_end(const AgentRef& agent, int64_t chat_id) {
  Result<Chat> chat = svc_.storage.chats().find(chat_id);
  if (!chat.is_ok()) return chat;
  // A queued chat may be ended by any agent (spam); an active one by its holder.
  if (chat->status == ChatStatus::kActive && chat->agent_id != agent.id)
    return permission_denied("the chat is not yours");
  Result<Chat> ended = svc_.storage.chats().end(chat_id, "agent", svc_.clock.now_ms());
  if (!ended.is_ok()) return ended;
  announce(*ended, chat->status == ChatStatus::kQueued);
  return ended;
}

Result<Chat> ChatService::transfer(const AgentRef& agent, int64_t chat_id, int64_t to_agent) {
  if (to_agent == agent.id || !hub_.agent_online(to_agent)) return invalid_argument("that agent is not online");
  Result<Chat> moved = svc_.storage.chats().transfer(chat_id, agent.id, to_agent);
  if (!moved.is_ok()) return moved;
  hub_.to_visitor(moved->visitor_id, chat_frame(*moved, Audience::kVisitor, false));
  hub_.to_agent(agent.id, chat_frame(*moved, Audience::kAgent, false));
  hub_.to_agent(to_agent, chat_frame(*moved, Audience::kAgent, true));
  hub_.to_agent(to_agent, visitor_context_frame(*moved));
  return moved;
}

Status ChatService::agent_typing(const AgentRef& agent, int64_t chat_id, bool on) {
  Result<Chat> chat = held_chat(agent, chat_id);
  if (!chat.is_ok()) return chat.status();
  if (chat->status == ChatStatus::kActive)
    hub_.to_visitor(chat->visitor_id, typing_frame(chat_id, on, "agent", agent.name));
  return Status::ok();
}

void ChatService::agent_welcome(const AgentRef& agent, http::WsConnection& conn) {
  conn.send(queue_frame());
  conn.send(roster_frame(hub_.roster()));
  auto mine = svc_.storage.chats().active_for_agent(agent.id);
  if (!mine.is_ok()) return;
  for (const auto& c : *mine) {
    conn.send(chat_frame(c, Audience::kAgent, true));
    conn.send(visitor_context_frame(c));
  }
}

void ChatService::agent_queue(http::WsConnection& conn) {
  conn.send(queue_frame());
}

void ChatService::agent_resume(const AgentRef& agent, int64_t last_id, http::WsConnection& conn) {
  auto mine = svc_.storage.chats().active_for_agent(agent.id);
  if (!mine.is_ok()) return;
  std::vector<int64_t> ids;
  for (const auto& c : *mine) ids.push_back(c.id);
  auto missed = svc_.storage.chats().messages_after(ids, last_id, kReplayLimit);
  if (!missed.is_ok()) return;
  for (const auto& m : *missed) conn.send(message_frame(m));
}

Result<int> ChatService::end_idle(int64_t now_ms) {
  auto idle = svc_.storage.chats().idle_since(now_ms - kChatIdleMs);
  if (!idle.is_ok()) return idle.status();
  int ended = 0;
  std::vector<int64_t> left_queue;
  for (const auto& c : *idle) {
    Result<Chat> done = svc_.storage.chats().end(c.id, "idle", now_ms);
    if (!done.is_ok()) continue;  // ended meanwhile
    ++ended;
    announce(*done, false);
    if (c.status == ChatStatus::kQueued) left_queue.push_back(c.id);
  }
  // One count for the whole sweep: a flooded queue may end thousands of chats at once.
  json frame{{"type", "dequeued"}};
  add_queue_total(frame);
  for (int64_t id : left_queue) {
    frame["chat_id"] = id;
    hub_.to_agents(dump(frame));
  }
  return ended;
}

}  // namespace deskd::messenger
