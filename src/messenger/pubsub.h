#pragma once
// The fan-out seam between deskd nodes. Every chat event a node produces is
// published here; every node (this one included) receives it and delivers it
// to the sockets it holds. LocalPubSub is the single-node implementation; a
// Redis implementation (PUBLISH/SUBSCRIBE on one channel) makes several nodes
// act as one helpdesk without changing the hub.
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace deskd::messenger {

// Who an event is for. `key` is the visitor id or the agent's person id.
struct Event {
  enum class Target { kVisitor, kAgent, kAllAgents, kAllVisitors };
  Target target = Target::kVisitor;
  std::string key;
  std::string payload;  // one JSON text frame
};

class PubSub {
 public:
  using Listener = std::function<void(const Event&)>;
  virtual ~PubSub() = default;
  // Thread-safe and non-blocking: hands the event to every node's listeners.
  virtual void publish(const Event& event) = 0;
  // Registers a listener for events from every node; call before publishing starts.
  virtual void subscribe(Listener listener) = 0;
};

// In-process delivery: publish() calls every listener synchronously on the
// publishing thread. Thread-safe.
class LocalPubSub final : public PubSub {
 public:
  void publish(const Event& event) override;
  void subscribe(Listener listener) override;

 private:
  std::mutex mu_;
  std::vector<Listener> listeners_;  // guarded by mu_; only grows
};

}  // namespace deskd::messenger
