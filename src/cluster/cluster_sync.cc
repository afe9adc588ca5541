#include "cluster/cluster_sync.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "core/degraded.h"

namespace deskd::cluster {

using nlohmann::json;

ClusterSync::ClusterSync(ClusterParts parts) : parts_(std::move(parts)) {
  RedisBus& bus = parts_.bus;
  content_listener_ = parts_.storage.content_revisions().add_listener(
      [&bus](const storage::ContentChange& change) { bus.publish("content", encode_content(change)); });
  parts_.settings.set_listener([&bus] { bus.publish("settings", "changed"); });
  parts_.sessions.set_end_listener([&bus](const std::vector<std::string>& id_hashes, int64_t row_id) {
    json j = json::object();
    if (row_id > 0) j["row"] = row_id;
    if (!id_hashes.empty()) j["h"] = id_hashes;
    bus.publish("session", j.dump());
  });
  parts_.throttle.set_observer([&bus](bool failure, std::string_view key) {
    std::string payload(failure ? "f " : "s ");
    payload.append(key);
    bus.publish("throttle", std::move(payload));
  });

  bus.on("content", [this](std::string_view p) { on_content(p); });
  bus.on("settings", [this](std::string_view) { reload_settings(); });
  bus.on("session", [this](std::string_view p) { on_session(p); });
  bus.on("throttle", [this](std::string_view p) { on_throttle(p); });
  bus.on_connected([this] {
    reload_settings();
    parts_.content.poll_now();
  });
}

ClusterSync::~ClusterSync() {
  stop();
  parts_.storage.content_revisions().remove_listener(content_listener_);
}

void ClusterSync::attach_chat(messenger::ChatHub& hub) {
  hub_ = &hub;
  hub.set_presence_listener([this](const std::vector<int64_t>& online_here) { publish_presence(online_here); });
  parts_.bus.on("presence", [this](std::string_view p) { on_presence(p); });
}

void ClusterSync::start() {
  if (hub_ && !heartbeat_.joinable()) heartbeat_ = std::thread([this] { heartbeat_loop(); });
}

void ClusterSync::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (heartbeat_.joinable()) heartbeat_.join();
}

void ClusterSync::publish_presence(const std::vector<int64_t>& online_here) {
  json j = {{"node", parts_.bus.node_id()}, {"online", online_here}};
  parts_.bus.publish("presence", j.dump());
}

void ClusterSync::heartbeat_loop() {
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, kPresenceEvery, [this] { return stopping_; })) {
    lock.unlock();
    publish_presence(hub_->online_here());
    hub_->prune_remote(std::chrono::steady_clock::now());
    lock.lock();
  }
}

void ClusterSync::on_presence(std::string_view payload) {
  auto j = json::parse(payload, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("node") || !j["node"].is_string() || !j.contains("online") ||
      !j["online"].is_array()) {
    count_degraded(Degraded::kClusterMessagesDropped);
    return;
  }
  std::vector<int64_t> online;
  for (const auto& id : j["online"])
    if (id.is_number_integer()) online.push_back(id.get<int64_t>());
  hub_->set_remote_online(j["node"].get<std::string>(), std::move(online),
                          std::chrono::steady_clock::now() + kPresenceValid);
}

void ClusterSync::reload_settings() {
  auto next = parts_.reload_settings();
  if (!next.is_ok()) {
    spdlog::warn("settings changed on another node but could not be reloaded: {}", next.status().to_string());
    return;
  }
  parts_.settings.replace_from_peer(std::move(*next));
}

std::string ClusterSync::encode_content(const storage::ContentChange& change) {
  json j = {{"s", change.scope == storage::ContentScope::kKnowledgeBase ? "kb" : "engagement"},
            {"r", change.revision},
            {"a", change.article_ids}};
  return j.dump();
}

std::optional<storage::ContentChange> ClusterSync::decode_content(std::string_view text) {
  auto j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  auto s = j.find("s");
  auto r = j.find("r");
  auto a = j.find("a");
  if (s == j.end() || r == j.end() || a == j.end() || !s->is_string() || !r->is_number_integer() || !a->is_array())
    return std::nullopt;
  storage::ContentChange change;
  if (*s == "kb") {
    change.scope = storage::ContentScope::kKnowledgeBase;
  } else if (*s == "engagement") {
    change.scope = storage::ContentScope::kEngagement;
  } else {
    return std::nullopt;
  }
  change.revision = r->get<int64_t>();
  for (const auto& id : *a) {
    if (!id.is_number_integer()) return std::nullopt;
    change.article_ids.push_back(id.get<int64_t>());
  }
  return change;
}

void ClusterSync::on_content(std::string_view payload) {
  auto change = decode_content(payload);
  if (!change) {
    count_degraded(Degraded::kClusterMessagesDropped);
    return;
  }
  if (change->scope == storage::ContentScope::kKnowledgeBase) {
    parts_.content.poll_now();  // the rebuild reads storage: on the poll thread, not this one
  } else {
    parts_.content.on_change(*change);  // drops cached entries only
  }
}

void ClusterSync::on_session(std::string_view payload) {
  auto j = json::parse(payload, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    count_degraded(Degraded::kClusterMessagesDropped);
    return;
  }
  if (auto h = j.find("h"); h != j.end() && h->is_array()) {
    std::vector<std::string> hashes;
    for (const auto& v : *h)
      if (v.is_string()) hashes.push_back(v.get<std::string>());
    parts_.sessions.forget(hashes);
  }
  if (auto row = j.find("row"); row != j.end() && row->is_number_integer())
    parts_.sessions.forget_row(row->get<int64_t>());
}

void ClusterSync::on_throttle(std::string_view payload) {
  if (payload.size() < 3 || payload[1] != ' ' || (payload[0] != 'f' && payload[0] != 's')) {
    count_degraded(Degraded::kClusterMessagesDropped);
    return;
  }
  if (payload[0] == 'f') {
    parts_.throttle.record_peer_failure(payload.substr(2));
  } else {
    parts_.throttle.record_peer_success(payload.substr(2));
  }
}

}  // namespace deskd::cluster
