#pragma once
// ChatHub: the sockets this node holds and the fan-out to them. Visitor
// sockets are keyed by visitor id, agent sockets by the agent's person id;
// agents carry a presence (online/away). Chat events go out through the PubSub
// (to_visitor, to_agent, ...) and come back to deliver(), so the same code
// serves one node or many.
//
// Callers publish only after the store committed what the event reports.
// Thread-safe; no method blocks (WsConnection::send only queues).
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "http/websocket.h"
#include "messenger/pubsub.h"

namespace deskd::messenger {

enum class Presence { kOnline, kAway };
const char* presence_name(Presence p);  // "online" | "away"

struct AgentPresence {
  int64_t id = 0;
  std::string name;
  Presence presence = Presence::kOnline;
};

class ChatHub {
 public:
  // Subscribes to `pubsub`, which must outlive the hub.
  explicit ChatHub(PubSub& pubsub);
  ChatHub(const ChatHub&) = delete;
  ChatHub& operator=(const ChatHub&) = delete;

  void add_visitor(const std::string& visitor_id, std::shared_ptr<http::WsConnection> conn);
  void remove_visitor(const std::string& visitor_id, uint64_t conn_id);
  // An agent socket; a newly connected agent is online. Visitors are told when
  // the first agent comes online or the last one leaves, agents get the roster.
  void add_agent(int64_t agent_id, std::string name, std::shared_ptr<http::WsConnection> conn);
  void remove_agent(int64_t agent_id, uint64_t conn_id);
  void set_presence(int64_t agent_id, Presence presence);

  // Whether any agent is online: connected to this node, or reported online
  // by another node (set_remote_online) and not yet expired.
  bool agents_online() const;
  bool agent_online(int64_t agent_id) const;

  // Several nodes (cluster/cluster_sync.h). `listener` hears this node's
  // online agent ids whenever they may have changed (set before serving; it
  // runs on the changing thread, outside the lock). set_remote_online()
  // records another node's report, valid until `expires`; prune_remote()
  // forgets expired reports. Both tell this node's visitors when the
  // helpdesk-wide online state flips (local delivery only: every node decides
  // for its own visitors).
  using PresenceListener = std::function<void(const std::vector<int64_t>& online_here)>;
  void set_presence_listener(PresenceListener listener);
  void set_remote_online(const std::string& node, std::vector<int64_t> online,
                         std::chrono::steady_clock::time_point expires);
  void prune_remote(std::chrono::steady_clock::time_point now);
  std::vector<int64_t> online_here() const;
  std::vector<AgentPresence> roster() const;
  size_t visitor_sockets() const;
  size_t agent_sockets() const;

  // Fan-out through the PubSub.
  void to_visitor(std::string_view visitor_id, std::string payload);
  void to_agent(int64_t agent_id, std::string payload);
  void to_agents(std::string payload);
  void to_visitors(std::string payload);

  // Delivers one event to the matching local sockets (the PubSub listener).
  void deliver(const Event& event);

 private:
  struct Agent {
    std::string name;
    Presence presence = Presence::kOnline;
    std::vector<std::shared_ptr<http::WsConnection>> sockets;
  };
  // Sends the roster to agents and, when the online state flipped, tells visitors.
  void presence_changed(bool was_online);
  bool online_locked() const;
  bool local_online_locked() const;
  std::vector<int64_t> online_here_locked() const;
  // Tells this node's visitors (only) when the online state flipped.
  void tell_visitors_if_flipped(bool was_online, bool online);

  struct RemoteNode {
    std::vector<int64_t> online;
    std::chrono::steady_clock::time_point expires;
  };
  std::vector<AgentPresence> roster_locked() const;

  PubSub& pubsub_;
  mutable std::mutex mu_;
  std::map<std::string, std::vector<std::shared_ptr<http::WsConnection>>, std::less<>> visitors_;  // guarded
  std::map<int64_t, Agent> agents_;                                                                // guarded
  std::map<std::string, RemoteNode> remote_;                                                       // guarded
  PresenceListener presence_listener_;  // set before serving, then read-only
};

// {"type":"agents","online":bool}
std::string agents_online_frame(bool online);
// {"type":"roster","agents":[{"id","name","status"}]}
std::string roster_frame(const std::vector<AgentPresence>& roster);

}  // namespace deskd::messenger
