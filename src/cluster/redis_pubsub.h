#pragma once
// The Messenger's PubSub across nodes (SPEC §3, §9): an event published here
// reaches this node's listeners at once (on the publishing thread, as
// LocalPubSub does) and every other node's listeners through the RedisBus
// topic "chat". While Redis is down, this node's own sockets still get every
// event; the other nodes' sockets catch up from storage when they reconnect
// (the widget and the agent console re-read the chat after a reconnect).
//
// Thread-safe. Construct before bus.start(); the bus must outlive it.
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "cluster/redis_bus.h"
#include "messenger/pubsub.h"

namespace deskd::cluster {

class RedisPubSub final : public messenger::PubSub {
 public:
  explicit RedisPubSub(RedisBus& bus);
  void publish(const messenger::Event& event) override;
  void subscribe(Listener listener) override;

  // The wire form of an event: {"t":<target>,"k":<key>,"p":<payload>}.
  static std::string encode(const messenger::Event& event);
  // nullopt for anything that is not an encoded event.
  static std::optional<messenger::Event> decode(std::string_view text);

 private:
  void deliver_locally(const messenger::Event& event);

  RedisBus& bus_;
  std::mutex mu_;
  std::vector<Listener> listeners_;  // guarded by mu_; only grows
};

}  // namespace deskd::cluster
