#include "cluster/redis_pubsub.h"

#include <nlohmann/json.hpp>

#include "core/degraded.h"

namespace deskd::cluster {

using messenger::Event;

RedisPubSub::RedisPubSub(RedisBus& bus) : bus_(bus) {
  bus_.on("chat", [this](std::string_view payload) {
    if (auto event = decode(payload)) {
      deliver_locally(*event);
    } else {
      count_degraded(Degraded::kClusterMessagesDropped);
    }
  });
}

void RedisPubSub::publish(const Event& event) {
  deliver_locally(event);
  bus_.publish("chat", encode(event));
}

void RedisPubSub::subscribe(Listener listener) {
  std::lock_guard lock(mu_);
  listeners_.push_back(std::move(listener));
}

void RedisPubSub::deliver_locally(const Event& event) {
  std::vector<Listener> listeners;
  {
    std::lock_guard lock(mu_);
    listeners = listeners_;
  }
  for (const auto& l : listeners) l(event);
}

std::string RedisPubSub::encode(const Event& event) {
  nlohmann::json j = {{"t", static_cast<int>(event.target)}, {"k", event.key}, {"p", event.payload}};
  return j.dump();
}

std::optional<Event> RedisPubSub::decode(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  auto t = j.find("t");
  auto k = j.find("k");
  auto p = j.find("p");
  if (t == j.end() || k == j.end() || p == j.end() || !t->is_number_integer() || !k->is_string() || !p->is_string())
    return std::nullopt;
  const int target = t->get<int>();
  if (target < static_cast<int>(Event::Target::kVisitor) || target > static_cast<int>(Event::Target::kAllVisitors))
    return std::nullopt;
  return Event{static_cast<Event::Target>(target), k->get<std::string>(), p->get<std::string>()};
}

}  // namespace deskd::cluster
