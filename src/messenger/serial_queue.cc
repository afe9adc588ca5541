#include "messenger/serial_queue.h"

#include <spdlog/spdlog.h>

namespace deskd::messenger {

bool SerialQueue::post(std::function<void()> task) {
  {
    std::lock_guard lock(mu_);
    if (tasks_.size() >= max_pending_) return false;
    tasks_.push_back(std::move(task));
    if (scheduled_) return true;
    scheduled_ = true;
  }
  if (pool_.submit([self = shared_from_this()] { self->drain(); })) return true;
  std::lock_guard lock(mu_);
  tasks_.clear();
  scheduled_ = false;
  return false;
}

void SerialQueue::drain() {
  for (;;) {
    std::function<void()> task;
    {
      std::lock_guard lock(mu_);
      if (tasks_.empty()) {
        scheduled_ = false;
        return;
      }
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    try {
      task();
    } catch (const std::exception& e) {
      spdlog::error("messenger socket task failed: {}", e.what());
    }
  }
}

}  // namespace deskd::messenger
