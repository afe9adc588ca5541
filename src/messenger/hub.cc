#include "messenger/hub.h"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

namespace deskd::messenger {

using nlohmann::json;

const char* presence_name(Presence p) {
  return p == Presence::kOnline ? "online" : "away";
}

std::string agents_online_frame(bool online) {
  return json{{"type", "agents"}, {"online", online}}.dump();
}

std::string roster_frame(const std::vector<AgentPresence>& roster) {
  json agents = json::array();
  for (const auto& a : roster)
    agents.push_back({{"id", a.id}, {"name", a.name}, {"status", presence_name(a.presence)}});
  return json{{"type", "roster"}, {"agents", std::move(agents)}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

ChatHub::ChatHub(PubSub& pubsub) : pubsub_(pubsub) {
  pubsub_.subscribe([this](const Event& e) { deliver(e); });
}

bool ChatHub::local_online_locked() const {
  return std::any_of(agents_.begin(), agents_.end(),
                     [](const auto& a) { return a.second.presence == Presence::kOnline && !a.second.sockets.empty(); });
}

bool ChatHub::online_locked() const {
  if (local_online_locked()) return true;
  const auto now = std::chrono::steady_clock::now();
  return std::any_of(remote_.begin(), remote_.end(),
                     [&](const auto& r) { return r.second.expires > now && !r.second.online.empty(); });
}

std::vector<int64_t> ChatHub::online_here_locked() const {
  std::vector<int64_t> ids;
  for (const auto& [id, a] : agents_)
    if (a.presence == Presence::kOnline && !a.sockets.empty()) ids.push_back(id);
  return ids;
}

std::vector<int64_t> ChatHub::online_here() const {
  std::lock_guard lock(mu_);
  return online_here_locked();
}

void ChatHub::set_presence_listener(PresenceListener listener) {
  presence_listener_ = std::move(listener);
}

void ChatHub::tell_visitors_if_flipped(bool was_online, bool online) {
  if (online != was_online) deliver(Event{Event::Target::kAllVisitors, "", agents_online_frame(online)});
}

void ChatHub::set_remote_online(const std::string& node, std::vector<int64_t> online,
                                std::chrono::steady_clock::time_point expires) {
  bool was_online, now_online;
  {
    std::lock_guard lock(mu_);
    was_online = online_locked();
    remote_[node] = RemoteNode{std::move(online), expires};
    now_online = online_locked();
  }
  tell_visitors_if_flipped(was_online, now_online);
}

void ChatHub::prune_remote(std::chrono::steady_clock::time_point now) {
  bool was_online, now_online;
  {
    std::lock_guard lock(mu_);
    // online_locked() already ignores expired reports; compare with what
    // visitors were last told, i.e. as if the expired ones still counted.
    const bool local = local_online_locked();
    was_online =
        local || std::any_of(remote_.begin(), remote_.end(), [](const auto& r) { return !r.second.online.empty(); });
    std::erase_if(remote_, [&](const auto& r) { return r.second.expires <= now; });
    now_online = online_locked();
  }
  tell_visitors_if_flipped(was_online, now_online);
}

std::vector<AgentPresence> ChatHub::roster_locked() const {
  std::vector<AgentPresence> out;
  for (const auto& [id, a] : agents_) out.push_back({id, a.name, a.presence});
  return out;
}

void ChatHub::add_visitor(const std::string& visitor_id, std::shared_ptr<http::WsConnection> conn) {
  std::lock_guard lock(mu_);
  visitors_[visitor_id].push_back(std::move(conn));
}

void ChatHub::remove_visitor(const std::string& visitor_id, uint64_t conn_id) {
  std::lock_guard lock(mu_);
  auto it = visitors_.find(visitor_id);
  if (it == visitors_.end()) return;
  std::erase_if(it->second, [&](const auto& c) { return c->id() == conn_id; });
  if (it->second.empty()) visitors_.erase(it);
}

void ChatHub::add_agent(int64_t agent_id, std::string name, std::shared_ptr<http::WsConnection> conn) {
  bool was_online;
  {
    std::lock_guard lock(mu_);
    was_online = online_locked();
    Agent& a = agents_[agent_id];
    if (a.sockets.empty()) a.presence = Presence::kOnline;
    a.name = std::move(name);
    a.sockets.push_back(std::move(conn));
  }
  presence_changed(was_online);
}

void ChatHub::remove_agent(int64_t agent_id, uint64_t conn_id) {
  bool was_online;
  {
    std::lock_guard lock(mu_);
    was_online = online_locked();
    auto it = agents_.find(agent_id);
    if (it == agents_.end()) return;
    std::erase_if(it->second.sockets, [&](const auto& c) { return c->id() == conn_id; });
    if (it->second.sockets.empty()) agents_.erase(it);
  }
  presence_changed(was_online);
}

void ChatHub::set_presence(int64_t agent_id, Presence presence) {
  bool was_online;
  {
    std::lock_guard lock(mu_);
    was_online = online_locked();
    auto it = agents_.find(agent_id);
    if (it == agents_.end()) return;
    it->second.presence = presence;
  }
  presence_changed(was_online);
}

void ChatHub::presence_changed(bool was_online) {
  bool online;
  std::vector<AgentPresence> roster;
  {
    std::lock_guard lock(mu_);
    online = online_locked();
    roster = roster_locked();
  }
  to_agents(roster_frame(roster));
  // Every node tells its own visitors: the state is helpdesk-wide.
  tell_visitors_if_flipped(was_online, online);
  if (presence_listener_) presence_listener_(online_here());
}

bool ChatHub::agents_online() const {
  std::lock_guard lock(mu_);
  return online_locked();
}

bool ChatHub::agent_online(int64_t agent_id) const {
  std::lock_guard lock(mu_);
  auto it = agents_.find(agent_id);
  if (it != agents_.end() && it->second.presence == Presence::kOnline && !it->second.sockets.empty()) return true;
  const auto now = std::chrono::steady_clock::now();
  return std::any_of(remote_.begin(), remote_.end(), [&](const auto& r) {
    return r.second.expires > now &&
           std::find(r.second.online.begin(), r.second.online.end(), agent_id) != r.second.online.end();
  });
}

std::vector<AgentPresence> ChatHub::roster() const {
  std::lock_guard lock(mu_);
  return roster_locked();
}

size_t ChatHub::visitor_sockets() const {
  std::lock_guard lock(mu_);
  size_t n = 0;
  for (const auto& [_, v] : visitors_) n += v.size();
  return n;
}

size_t ChatHub::agent_sockets() const {
  std::lock_guard lock(mu_);
  size_t n = 0;
  for (const auto& [_, a] : agents_) n += a.sockets.size();
  return n;
}

void ChatHub::to_visitor(std::string_view visitor_id, std::string payload) {
  pubsub_.publish({Event::Target::kVisitor, std::string(visitor_id), std::move(payload)});
}

void ChatHub::to_agent(int64_t agent_id, std::string payload) {
  pubsub_.publish({Event::Target::kAgent, std::to_string(agent_id), std::move(payload)});
}

void ChatHub::to_agents(std::string payload) {
  pubsub_.publish({Event::Target::kAllAgents, {}, std::move(payload)});
}

void ChatHub::to_visitors(std::string payload) {
  pubsub_.publish({Event::Target::kAllVisitors, {}, std::move(payload)});
}

void ChatHub::deliver(const Event& event) {
  std::vector<std::shared_ptr<http::WsConnection>> targets;
  {
    std::lock_guard lock(mu_);
    switch (event.target) {
      case Event::Target::kVisitor:
        if (auto it = visitors_.find(event.key); it != visitors_.end()) targets = it->second;
        break;
      case Event::Target::kAgent: {
        int64_t id = 0;
        auto [end, ec] = std::from_chars(event.key.data(), event.key.data() + event.key.size(), id);
        if (ec != std::errc() || end != event.key.data() + event.key.size()) return;
        if (auto it = agents_.find(id); it != agents_.end()) targets = it->second.sockets;
        break;
      }
      case Event::Target::kAllAgents:
        for (const auto& [_, a] : agents_) targets.insert(targets.end(), a.sockets.begin(), a.sockets.end());
        break;
      case Event::Target::kAllVisitors:
        for (const auto& [_, v] : visitors_) targets.insert(targets.end(), v.begin(), v.end());
        break;
    }
  }
  for (const auto& c : targets) c->send(event.payload);
}

}  // namespace deskd::messenger
