#pragma once
// What one node tells the others over the RedisBus so several nodes act as
// one helpdesk (SPEC §9), and what it does with what they tell it:
//
//   topic     sent when                               a peer node then
//   content   storage committed a content change      kb: wakes its snapshot poll (rebuild from
//                                                     storage); engagement: drops those articles
//   settings  the Admin settings page saved           reloads the settings from storage
//   session   a session was ended on purpose          drops its cached copy, closes its sockets
//   throttle  a login failure / success was recorded  counts it in its own LoginThrottle
//   presence  this node's online agents changed, and   counts them as online (for the widget's
//             every kPresenceEvery as a heartbeat       "agents online"), until kPresenceValid passes
//
// Storage stays the source of truth: every message only says "look again" or
// repeats a counter. When Redis comes back after an outage the node reloads
// settings and polls content at once (messages were missed); cached sessions
// revalidate within SessionManager::kRevalidateMs anyway, and throttle
// counters of the outage stay per node.
//
// Construct after every part and before bus.start(); destroy before them.
// Thread-safe (the handlers run on the bus's subscriber thread).
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "cluster/redis_bus.h"
#include "core/settings.h"
#include "helpcenter/content_cache.h"
#include "messenger/hub.h"
#include "security/throttle.h"
#include "session/manager.h"
#include "storage/store.h"

namespace deskd::cluster {

struct ClusterParts {
  RedisBus& bus;
  storage::Storage& storage;
  helpcenter::ContentCache& content;
  SettingsHub& settings;
  std::function<Result<Settings>()> reload_settings;  // reads the stored settings
  session::SessionManager& sessions;
  security::LoginThrottle& throttle;
};

class ClusterSync {
 public:
  static constexpr auto kPresenceEvery = std::chrono::seconds(2);
  static constexpr auto kPresenceValid = std::chrono::seconds(6);

  explicit ClusterSync(ClusterParts parts);
  ~ClusterSync();  // stop(), and stops listening to storage
  // Shares agent presence with the other nodes; call once, before bus.start().
  // `hub` must outlive stop().
  void attach_chat(messenger::ChatHub& hub);
  // Starts the presence heartbeat (with the bus); stop() ends it, idempotent.
  // Call stop() before the hub goes away.
  void start();
  void stop();
  ClusterSync(const ClusterSync&) = delete;
  ClusterSync& operator=(const ClusterSync&) = delete;

  // Wire forms, exposed for tests.
  static std::string encode_content(const storage::ContentChange& change);
  static std::optional<storage::ContentChange> decode_content(std::string_view text);

 private:
  void reload_settings();
  void on_content(std::string_view payload);
  void on_session(std::string_view payload);
  void on_throttle(std::string_view payload);
  void on_presence(std::string_view payload);
  void publish_presence(const std::vector<int64_t>& online_here);
  void heartbeat_loop();

  ClusterParts parts_;
  int content_listener_ = 0;
  messenger::ChatHub* hub_ = nullptr;  // set by attach_chat() before the bus starts
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  std::thread heartbeat_;
};

}  // namespace deskd::cluster
