#include "privacy/retention_job.h"

#include <spdlog/spdlog.h>

#include "privacy/privacy.h"

namespace deskd::privacy {

RetentionJob::RetentionJob(storage::Storage& storage, const SettingsHub& settings, const Clock& clock,
                           std::chrono::milliseconds first_run, std::chrono::milliseconds period)
    : storage_(storage), settings_(settings), clock_(clock), worker_(period, [this] { run_once(); }, first_run) {
  worker_.start();
}

RetentionJob::~RetentionJob() {
  worker_.stop();
}

uint64_t RetentionJob::runs() const {
  std::lock_guard lock(mu_);
  return runs_;
}

uint64_t RetentionJob::failures() const {
  std::lock_guard lock(mu_);
  return failures_;
}

void RetentionJob::run_once() {
  const auto settings = settings_.get();
  auto pruned = prune(storage_, retention_cutoffs(*settings, clock_.now_ms()));
  std::lock_guard lock(mu_);
  ++runs_;
  if (!pruned.is_ok()) {
    ++failures_;
    spdlog::warn("privacy retention: pruning failed: {}", pruned.status().to_string());
    return;
  }
  spdlog::info("privacy retention: visitor_retention_days={} ip_retention_days={}: {}",
               settings->visitor_retention_days, settings->ip_retention_days, describe(*pruned));
}

}  // namespace deskd::privacy
