#include "security/throttle.h"

#include <algorithm>

#include "security/rate_limit.h"

namespace deskd::security {
namespace {

// Shifts of 62 or more overflow every useful base delay: the delay is at its cap.
constexpr int kMaxShift = 62;
// The failure counter saturates here (far past every backoff's cap; the backoff is
// chosen per question, so the counter cannot saturate relative to it).
constexpr int kMaxFailures = 1 << 20;

Backoff sanitized(Backoff b) {
  b.free_failures = std::max(b.free_failures, 0);
  b.base_delay_ms = std::max<int64_t>(b.base_delay_ms, 0);
  b.max_delay_ms = std::max(b.max_delay_ms, b.base_delay_ms);
  return b;
}

ThrottleParams sanitized(ThrottleParams p) {
  const Backoff b = sanitized(Backoff{p.free_failures, p.base_delay_ms, p.max_delay_ms});
  p.free_failures = b.free_failures;
  p.base_delay_ms = b.base_delay_ms;
  p.max_delay_ms = b.max_delay_ms;
  p.max_keys = std::max<size_t>(p.max_keys, 1);
  return p;
}

}  // namespace

LoginThrottle::LoginThrottle(const deskd::Clock& clock, ThrottleParams p)
    : clock_(clock),
      params_(sanitized(p)),
      backoff_{params_.free_failures, params_.base_delay_ms, params_.max_delay_ms} {}

int64_t LoginThrottle::delay_for(int failures, const Backoff& b) {
  const int extra = failures - b.free_failures;
  if (extra <= 0) return 0;
  const int shift = extra - 1;
  if (shift >= kMaxShift || b.base_delay_ms > (b.max_delay_ms >> shift)) return b.max_delay_ms;
  return b.base_delay_ms << shift;
}

bool LoginThrottle::is_stale(const Entry& e, int64_t now) const {
  return now - e.last_failure_ms >= params_.forget_after_ms;
}

int64_t LoginThrottle::retry_after_ms(std::string_view key) const {
  return retry_after_ms(key, backoff_);
}

int64_t LoginThrottle::retry_after_ms(std::string_view key, const Backoff& backoff) const {
  const Backoff b = sanitized(backoff);
  const int64_t now = clock_.now_ms();
  std::lock_guard lock(mu_);
  const auto it = entries_.find(key);
  if (it == entries_.end() || is_stale(it->second, now)) return 0;
  const int64_t delay = delay_for(it->second.failures, b);
  // Clamped to `delay` so a clock stepping backwards cannot lengthen the wait.
  return std::clamp<int64_t>(it->second.last_failure_ms + delay - now, 0, delay);
}

void LoginThrottle::record_failure(std::string_view key) {
  count_failure(key);
  if (observer_) observer_(true, key);
}

void LoginThrottle::record_success(std::string_view key) {
  forget(key);
  if (observer_) observer_(false, key);
}

void LoginThrottle::set_observer(Observer observer) {
  observer_ = std::move(observer);
}
void LoginThrottle::record_peer_failure(std::string_view key) {
  count_failure(key);
}
void LoginThrottle::record_peer_success(std::string_view key) {
  forget(key);
}

void LoginThrottle::count_failure(std::string_view key) {
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
  e.failures = std::min(e.failures + 1, kMaxFailures);
  e.last_failure_ms = now;
}

void LoginThrottle::forget(std::string_view key) {
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

LoginKeys login_keys(std::string_view account, std::string_view client_ip) {
  LoginKeys k;
  const std::string address = client_address_key(client_ip);
  k.address = "ip:" + address;
  // The address's length first: no pair of (address, account) can spell another's key.
  k.account_address = "acct-ip:" + std::to_string(address.size()) + ":" + address + std::string(account);
  k.account = "acct:" + std::string(account);
  return k;
}

int64_t login_retry_after_ms(const LoginThrottle& throttle, const LoginKeys& keys) {
  return std::max({throttle.retry_after_ms(keys.address), throttle.retry_after_ms(keys.account_address),
                   throttle.retry_after_ms(keys.account, kAccountWideBackoff)});
}

void record_login_failure(LoginThrottle& throttle, const LoginKeys& keys) {
  throttle.record_failure(keys.address);
  throttle.record_failure(keys.account_address);
  throttle.record_failure(keys.account);
}

void record_login_success(LoginThrottle& throttle, const LoginKeys& keys) {
  throttle.record_success(keys.account_address);
}

}  // namespace deskd::security
