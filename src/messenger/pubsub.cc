#include "messenger/pubsub.h"

namespace deskd::messenger {

void LocalPubSub::publish(const Event& event) {
  std::vector<Listener> listeners;
  {
    std::lock_guard lock(mu_);
    listeners = listeners_;
  }
  for (const auto& l : listeners) l(event);
}

void LocalPubSub::subscribe(Listener listener) {
  std::lock_guard lock(mu_);
  listeners_.push_back(std::move(listener));
}

}  // namespace deskd::messenger
