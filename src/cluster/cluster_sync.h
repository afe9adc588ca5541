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
//
// Storage stays the source of truth: every message only says "look again" or
// repeats a counter. When Redis comes back after an outage the node reloads
// settings and polls content at once (messages were missed); cached sessions
// revalidate within SessionManager::kRevalidateMs anyway, and throttle
// counters of the outage stay per node.
//
// Construct after every part and before bus.start(); destroy before them.
// Thread-safe (the handlers run on the bus's subscriber thread).
#include <functional>

#include "cluster/redis_bus.h"
#include "core/settings.h"
#include "helpcenter/content_cache.h"
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
  explicit ClusterSync(ClusterParts parts);
  ~ClusterSync();  // stops listening to storage
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

  ClusterParts parts_;
  int content_listener_ = 0;
};

}  // namespace deskd::cluster
