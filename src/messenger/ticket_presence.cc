#include "messenger/ticket_presence.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace deskd::messenger {

bool plausible_ticket_ref(std::string_view ref) {
  if (ref.empty() || ref.size() > 32) return false;
  return std::all_of(ref.begin(), ref.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'; });
}

void TicketPresence::view(std::string_view ref_in, const std::shared_ptr<http::WsConnection>& conn, int64_t agent_id,
                          std::string name) {
  const std::string ref(ref_in);
  std::vector<std::string> changed{ref};
  {
    std::lock_guard lock(mu_);
    auto& sockets = tickets_[ref];
    if (sockets.contains(conn->id())) return;
    if (sockets.size() >= kMaxViewersPerTicket) return;
    auto& mine = by_socket_[conn->id()];
    if (mine.size() >= kMaxTicketsPerSocket) {
      const std::string oldest = mine.front();
      if (erase_locked(oldest, conn->id())) changed.push_back(oldest);
    }
    tickets_[ref][conn->id()] = Socket{conn, agent_id, std::move(name), false, next_++};
    by_socket_[conn->id()].push_back(ref);
  }
  broadcast(changed);
}

void TicketPresence::typing(std::string_view ref, uint64_t conn_id, bool on) {
  {
    std::lock_guard lock(mu_);
    auto t = tickets_.find(ref);
    if (t == tickets_.end()) return;
    auto s = t->second.find(conn_id);
    if (s == t->second.end() || s->second.typing == on) return;
    s->second.typing = on;
  }
  broadcast({std::string(ref)});
}

void TicketPresence::leave(std::string_view ref, uint64_t conn_id) {
  {
    std::lock_guard lock(mu_);
    if (!erase_locked(std::string(ref), conn_id)) return;
  }
  broadcast({std::string(ref)});
}

void TicketPresence::leave_all(uint64_t conn_id) {
  std::vector<std::string> changed;
  {
    std::lock_guard lock(mu_);
    auto it = by_socket_.find(conn_id);
    if (it == by_socket_.end()) return;
    const std::vector<std::string> refs = it->second;
    for (const auto& ref : refs)
      if (erase_locked(ref, conn_id)) changed.push_back(ref);
  }
  broadcast(changed);
}

std::vector<TicketViewer> TicketPresence::viewers(std::string_view ref) const {
  std::lock_guard lock(mu_);
  auto t = tickets_.find(ref);
  return t == tickets_.end() ? std::vector<TicketViewer>{} : viewers_locked(t->second);
}

std::vector<TicketViewer> TicketPresence::viewers_locked(const Sockets& sockets) const {
  std::vector<const Socket*> ordered;
  for (const auto& [id, s] : sockets) ordered.push_back(&s);
  std::sort(ordered.begin(), ordered.end(), [](const Socket* a, const Socket* b) { return a->since < b->since; });
  std::vector<TicketViewer> out;
  for (const Socket* s : ordered) {
    auto same = std::find_if(out.begin(), out.end(), [&](const TicketViewer& v) { return v.agent_id == s->agent_id; });
    if (same == out.end()) {
      out.push_back({s->agent_id, s->name, s->typing});
    } else {
      same->typing = same->typing || s->typing;
    }
  }
  return out;
}

bool TicketPresence::erase_locked(const std::string& ref, uint64_t conn_id) {
  auto t = tickets_.find(ref);
  if (t == tickets_.end() || t->second.erase(conn_id) == 0) return false;
  if (t->second.empty()) tickets_.erase(t);
  auto mine = by_socket_.find(conn_id);
  if (mine != by_socket_.end()) {
    std::erase(mine->second, ref);
    if (mine->second.empty()) by_socket_.erase(mine);
  }
  return true;
}

void TicketPresence::snapshot_locked(const std::string& ref, std::string& frame,
                                     std::vector<std::shared_ptr<http::WsConnection>>& targets) const {
  nlohmann::json agents = nlohmann::json::array();
  auto t = tickets_.find(ref);
  if (t != tickets_.end()) {
    for (const auto& v : viewers_locked(t->second))
      agents.push_back({{"id", v.agent_id}, {"name", v.name}, {"typing", v.typing}});
    for (const auto& [id, s] : t->second) targets.push_back(s.conn);
  }
  frame = nlohmann::json{{"type", "ticket_presence"}, {"ref", ref}, {"agents", agents}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void TicketPresence::broadcast(const std::vector<std::string>& refs) {
  // Copy the targets under the lock, send after it (send only queues).
  std::vector<std::pair<std::string, std::vector<std::shared_ptr<http::WsConnection>>>> out;
  {
    std::lock_guard lock(mu_);
    for (const auto& ref : refs) {
      auto& [frame, targets] = out.emplace_back();
      snapshot_locked(ref, frame, targets);
    }
  }
  for (auto& [frame, targets] : out)
    for (auto& conn : targets) conn->send(frame);
}

}  // namespace deskd::messenger
