#include "core/periodic_worker.h"

namespace deskd {

PeriodicWorker::PeriodicWorker(std::chrono::milliseconds interval, std::function<void()> task,
                               std::optional<std::chrono::milliseconds> first_delay)
    : interval_(interval), first_delay_(first_delay.value_or(interval)), task_(std::move(task)) {}

PeriodicWorker::~PeriodicWorker() {
  stop();
}

void PeriodicWorker::start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable() || stop_) return;
  thread_ = std::thread([this] { loop(); });
}

void PeriodicWorker::stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void PeriodicWorker::wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void PeriodicWorker::loop() {
  std::unique_lock lock(mu_);
  std::chrono::milliseconds wait = first_delay_;
  for (;;) {
    cv_.wait_for(lock, wait, [this] { return stop_ || woken_; });
    if (stop_) return;
    woken_ = false;
    lock.unlock();
    task_();
    lock.lock();
    wait = interval_;
  }
}

}  // namespace deskd
