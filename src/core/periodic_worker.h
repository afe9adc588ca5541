#pragma once
// A background thread that runs one task every `interval` until stopped: the
// stoppable periodic worker of the Mailer pattern, kept once here.
//
// Thread-safe. The task runs on the worker's own thread only, never twice at
// once; stop() waits for a running task to finish and joins the thread. The
// task must not call stop().
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace deskd {

class PeriodicWorker {
 public:
  PeriodicWorker(std::chrono::milliseconds interval, std::function<void()> task);
  ~PeriodicWorker();  // stop()
  PeriodicWorker(const PeriodicWorker&) = delete;
  PeriodicWorker& operator=(const PeriodicWorker&) = delete;

  // Starts the thread (once; not again after stop()). The first run is one
  // interval after start.
  void start();
  // Idempotent; returns once the thread has ended.
  void stop();

 private:
  void loop();

  const std::chrono::milliseconds interval_;
  const std::function<void()> task_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace deskd
