#pragma once
// The daily retention pruning of a serving node (SPEC §13): page views and
// visitors without an account older than privacy.visitor_retention_days go, IP
// addresses older than privacy.ip_retention_days are truncated. Settings are
// read at each run, so an Admin change applies from the next one. Every node
// runs it; pruning is idempotent, so several nodes doing it is harmless.
//
// Threading: one background thread, started by the constructor and stopped
// (joined) by the destructor. `storage`, `settings` and `clock` must outlive it.
#include <chrono>
#include <cstdint>
#include <mutex>

#include "core/clock.h"
#include "core/periodic_worker.h"
#include "core/settings.h"
#include "storage/store.h"

namespace deskd::privacy {

class RetentionJob {
 public:
  RetentionJob(storage::Storage& storage, const SettingsHub& settings, const Clock& clock,
               std::chrono::milliseconds first_run = std::chrono::minutes(1),
               std::chrono::milliseconds period = std::chrono::hours(24));
  ~RetentionJob();
  RetentionJob(const RetentionJob&) = delete;
  RetentionJob& operator=(const RetentionJob&) = delete;

  // Runs completed since start (successful or not).
  uint64_t runs() const;
  uint64_t failures() const;

 private:
  void run_once();

  storage::Storage& storage_;
  const SettingsHub& settings_;
  const Clock& clock_;
  mutable std::mutex mu_;
  uint64_t runs_ = 0;      // guarded by mu_
  uint64_t failures_ = 0;  // guarded by mu_
  PeriodicWorker worker_;  // last: starts after the members it reads
};

}  // namespace deskd::privacy
