#pragma once
// Messages between the deskd nodes of one helpdesk, over Redis pub/sub
// (SPEC §9). Each topic is one channel "deskd:<topic>"; every message carries
// the sending node's id and a node ignores its own (it acted locally already).
//
// Best effort by design: PostgreSQL is the source of truth and every node
// also polls or revalidates what these messages speed up, so a message lost
// while Redis is down only delays what another node sees (content within the
// snapshot poll, sessions within their revalidation). Nothing acknowledged to
// a client lives only here.
//
// Threads: one subscriber thread (reads messages, runs the handlers) and one
// publisher thread (sends queued messages), each with its own connection,
// reconnecting with backoff (100 ms doubling to 5 s) when Redis goes away.
// publish() never blocks: it queues (bounded; beyond the bound, or while
// Redis is down, messages are dropped and counted). A lost connection or a
// failed attempt is logged once per outage and counted as
// deskd_degraded_total{what="redis_unavailable"}.
//
// Thread-safety: on()/on_connected() before start(); publish() and the
// counters from any thread, I/O threads included. Handlers run on the
// subscriber thread one at a time and must not block for long (hand heavy
// work to another thread).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "cluster/redis_url.h"
#include "core/status.h"

namespace deskd::cluster {

struct RedisBusOptions {
  std::chrono::milliseconds connect_timeout{1000};
  std::chrono::milliseconds min_backoff{100};
  std::chrono::milliseconds max_backoff{5000};
  size_t max_queued = 10000;  // messages waiting to be published
};

class RedisBus {
 public:
  using Handler = std::function<void(std::string_view payload)>;

  RedisBus(RedisEndpoint endpoint, std::string node_id, RedisBusOptions options = {});
  ~RedisBus();  // stop()
  RedisBus(const RedisBus&) = delete;
  RedisBus& operator=(const RedisBus&) = delete;

  // One round trip on a fresh connection (SELECT the database, PING): used at
  // start-up so a wrong or unreachable redis.url is a clear error, not a
  // silent single-node helpdesk. Blocks up to about the connect timeout.
  Status probe() const;

  // Messages of `topic` from other nodes go to `handler`.
  void on(const std::string& topic, Handler handler);
  // Runs after every re-subscription that followed a lost connection (messages
  // may have been missed meanwhile: catch up from storage).
  void on_connected(std::function<void()> callback);

  void start();
  void stop();  // joins both threads; idempotent

  // Queues `payload` for every other node subscribed to `topic`.
  void publish(std::string_view topic, std::string payload);

  const std::string& node_id() const { return node_id_; }
  bool connected() const { return connected_.load(); }
  uint64_t published() const { return published_.load(); }
  uint64_t received() const { return received_.load(); }
  uint64_t dropped() const { return dropped_.load(); }
  uint64_t reconnects() const { return reconnects_.load(); }

 private:
  void subscribe_loop();
  void publish_loop();
  // Sleeps `d` unless stop() comes first; false when stopping.
  bool pause(std::chrono::milliseconds d);
  void drop(uint64_t n, std::string_view why);
  void lost(std::string_view what, std::string_view detail);
  void deliver(std::string_view channel, std::string_view body);

  const RedisEndpoint endpoint_;
  const std::string node_id_;
  const RedisBusOptions options_;
  std::map<std::string, Handler, std::less<>> handlers_;  // by channel; fixed after start()
  std::vector<std::function<void()>> on_connected_;       // fixed after start()

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;                                  // guarded by mu_
  std::deque<std::pair<std::string, std::string>> queue_;  // guarded by mu_: (channel, body)
  bool outage_logged_ = false;                             // guarded by mu_

  std::atomic<bool> connected_{false};
  std::atomic<uint64_t> published_{0}, received_{0}, dropped_{0}, reconnects_{0};
  std::thread subscriber_;
  std::thread publisher_;
};

}  // namespace deskd::cluster
