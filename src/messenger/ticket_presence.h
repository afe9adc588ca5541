#pragma once
// Who is looking at which agent ticket page, and who is typing a reply there
// (SPEC §11 "a ticket page shows who else is viewing or replying right now").
// The ticket page's script tells the agent socket (/agent/ws):
//   {"type":"ticket_view","ref":R}            this socket shows ticket R
//   {"type":"ticket_typing","ref":R,"on":B}   this socket's agent types a reply (or stopped)
//   {"type":"ticket_leave","ref":R}           the page was left
// and every socket viewing R receives, after each change,
//   {"type":"ticket_presence","ref":R,"agents":[{"id":N,"name":S,"typing":B}]}
// (each agent once; typing when any of their sockets types). A closed socket
// leaves all its tickets.
//
// Scope: the sockets of this node (several nodes each know their own
// viewers). Limits: a socket views at most kMaxTicketsPerSocket tickets (the
// oldest is left), at most kMaxViewersPerTicket sockets are listed per ticket.
// Thread-safe; no method blocks (WsConnection::send only queues).
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "http/websocket.h"

namespace deskd::messenger {

inline constexpr size_t kMaxTicketsPerSocket = 4;
inline constexpr size_t kMaxViewersPerTicket = 64;

struct TicketViewer {
  int64_t agent_id = 0;
  std::string name;
  bool typing = false;
};

class TicketPresence {
 public:
  void view(std::string_view ref, const std::shared_ptr<http::WsConnection>& conn, int64_t agent_id, std::string name);
  // Ignored unless the socket views `ref`.
  void typing(std::string_view ref, uint64_t conn_id, bool on);
  void leave(std::string_view ref, uint64_t conn_id);
  void leave_all(uint64_t conn_id);

  // Each agent viewing `ref` once, in the order they arrived.
  std::vector<TicketViewer> viewers(std::string_view ref) const;

 private:
  struct Socket {
    std::shared_ptr<http::WsConnection> conn;
    int64_t agent_id = 0;
    std::string name;
    bool typing = false;
    uint64_t since = 0;  // arrival order
  };
  using Sockets = std::map<uint64_t, Socket>;  // by connection id

  std::vector<TicketViewer> viewers_locked(const Sockets& sockets) const;
  // Removes the socket from `ref`; returns whether it was there.
  bool erase_locked(const std::string& ref, uint64_t conn_id);
  // The frame for `ref` and the sockets to send it to.
  void snapshot_locked(const std::string& ref, std::string& frame,
                       std::vector<std::shared_ptr<http::WsConnection>>& targets) const;
  void broadcast(const std::vector<std::string>& refs);

  mutable std::mutex mu_;
  std::map<std::string, Sockets, std::less<>> tickets_;     // guarded
  std::map<uint64_t, std::vector<std::string>> by_socket_;  // guarded; oldest first
  uint64_t next_ = 0;                                       // guarded
};

// Whether `ref` may name a ticket here: 1..32 of [A-Z0-9-].
bool plausible_ticket_ref(std::string_view ref);

}  // namespace deskd::messenger
