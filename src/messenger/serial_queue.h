#pragma once
// Runs one socket's blocking work on the worker pool in arrival order: tasks
// posted to a SerialQueue never run concurrently and run in post order.
// post() never blocks, so socket callbacks (I/O thread) may call it.
// Thread-safe. Keep the queue alive with shared_ptr while tasks are pending.
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

#include "core/thread_pool.h"

namespace deskd::messenger {

class SerialQueue : public std::enable_shared_from_this<SerialQueue> {
 public:
  // `pool` must outlive every pending task. At most `max_pending` tasks wait.
  SerialQueue(ThreadPool& pool, size_t max_pending) : pool_(pool), max_pending_(max_pending) {}

  // False when `max_pending` tasks already wait or the pool refused the work:
  // the caller should drop the client (it is flooding or the server is full).
  bool post(std::function<void()> task);

 private:
  void drain();

  ThreadPool& pool_;
  const size_t max_pending_;
  std::mutex mu_;
  std::deque<std::function<void()>> tasks_;  // guarded by mu_
  bool scheduled_ = false;                   // guarded by mu_: a drain is queued or running
};

}  // namespace deskd::messenger
