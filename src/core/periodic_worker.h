#pragma once
// One background thread that runs a task periodically until stopped: the
// shape of every maintenance loop in deskd (session flush, outbox drain, IMAP
// poll, idle-chat sweep, retention pruning).
//
// The first run comes `first_delay` after start() (default: one interval; 0
// runs at once), then one run per `interval` measured from the end of the
// previous run. wake() brings the next run forward to now. stop() wakes the
// thread, waits for a run in progress to finish and joins: after it returns
// the task never runs again on this worker (a caller that wants a final run,
// such as the mailer's last drain, makes it itself).
//
// Thread-safe. The task runs on the worker's thread with no lock of the
// worker held; it must not call stop() (it may call wake()). The destructor
// stops.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace deskd {

class PeriodicWorker {
 public:
  PeriodicWorker(std::chrono::milliseconds interval, std::function<void()> task,
                 std::optional<std::chrono::milliseconds> first_delay = std::nullopt);
  ~PeriodicWorker();
  PeriodicWorker(const PeriodicWorker&) = delete;
  PeriodicWorker& operator=(const PeriodicWorker&) = delete;

  // Starts the thread; does nothing when it runs already or after stop().
  void start();
  // Idempotent; see above.
  void stop();
  // Runs the task as soon as the thread is free (no-op once stopped).
  void wake();

 private:
  void loop();

  const std::chrono::milliseconds interval_;
  const std::chrono::milliseconds first_delay_;
  const std::function<void()> task_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;   // guarded by mu_
  bool woken_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace deskd
