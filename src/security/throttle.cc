#include "security/throttle.h"

#include <algorithm>

namespace deskd::security {
namespace {

// Failures beyond this many past free_failures cannot grow the delay any further
// (2^62 overflows every useful base delay), so the counter saturates here.
constexpr int kMaxExtraFailures = 62;

ThrottleParams sanitized(ThrottleParams p) {
  p.free_failures = std::max(p.free_failures, 0);
  p.base_delay_ms = std::max<int64_t>(p.base_delay_ms, 0);
  p.max_delay_ms = std::max(p.max_delay_ms, p.base_delay_ms);
  p.max_keys = std::max<size_t>(p.max_keys, 1);
  return p;
}

}  // namespace

LoginThrottle::LoginThrottle(const deskd::Clock& clock, ThrottleParams p) : clock_(clock), params_(sanitized(p)) {}

int64_t LoginThrottle::delay_for(int failures) const {
  const int extra = failures - params_.free_failures;
  if (extra <= 0) return 0;
  const int shift = extra - 1;
  if (shift >= kMaxExtraFailures || params_.base_delay_ms > (params_.max_delay_ms >> shift)) {
    return params_.max_delay_ms;
  }
  return params_.base_delay_ms << shift;
}

bool LoginThrottle::is_stale(const Entry& e, int64_t now) const {
  return now - e.last_failure_ms >= params_.forget_after_ms;
}

int64_t LoginThrottle::retry_after_ms(std::string_view key) const {
  const int64_t now = clock_.now_ms();
  std::lock_guard lock(mu_);
  const auto it = entries_.find(key);
  if (it == entries_.end() || is_stale(it->second, now)) return 0;
  const int64_t delay = delay_for(it->second.failures);
  // Clamped to `delay` so a clock stepping backwards cannot lengthen the wait.
  return std::clamp<int64_t>(it->second.last_failure_ms + delay - now, 0, delay);
}

void LoginThrottle::record_failure(std::string_view key) {
  const int64_t now = clock_.now_ms();
  std::lock_guard lock(mu_);
  sweep_stale(now);
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    while (entries_.size() >= params_.max_keys) erase(entries_.find(order_.front()));
    order_.emplace_back(key);
    it = entries_.emplace(order_.back(), Entry{0, now, std::prev(order_.end())}).first;
  } else {
    order_.splice(order_.end(), order_, it->second.order);
    if (is_stale(it->second, now)) it->second.failures = 0;
  }
  Entry& e = it->second;
  e.failures = std::min(e.failures + 1, params_.free_failures + kMaxExtraFailures);
  e.last_failure_ms = now;
}

void LoginThrottle::record_success(std::string_view key) {
  std::lock_guard lock(mu_);
  const auto it = entries_.find(key);
  if (it != entries_.end()) erase(it);
}

size_t LoginThrottle::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

void LoginThrottle::erase(Map::iterator it) {
  order_.erase(it->second.order);
  entries_.erase(it);
}

void LoginThrottle::sweep_stale(int64_t now) {
  while (!order_.empty()) {
    const auto it = entries_.find(order_.front());
    if (!is_stale(it->second, now)) break;
    erase(it);
  }
}

}  // namespace deskd::security
