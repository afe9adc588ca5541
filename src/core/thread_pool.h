#pragma once
// A fixed pool of worker threads for blocking work (SQLite, argon2id). The I/O
// threads hand requests here and never block themselves.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace deskd {

class ThreadPool {
 public:
  // max_queue bounds waiting tasks; submit() refuses beyond it (load shedding).
  ThreadPool(size_t threads, size_t max_queue);
  ~ThreadPool();  // finishes queued tasks, then joins
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // False when the queue is full or the pool is shutting down; the task is then not run.
  bool submit(std::function<void()> task);
  size_t queued() const;

 private:
  void work();
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  size_t max_queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace deskd
