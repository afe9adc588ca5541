#include "http/connection_table.h"

namespace deskd::http {

ConnectionTable::ConnectionTable(Options options)
    : options_(std::move(options)),
      pressure_threshold_(options_.max_connections * 3 / 4),
      uncapped_(options_.uncapped_peers.begin(), options_.uncapped_peers.end()) {}

// `slot` is taken by value: callers pass waiting_.front(), which the erase destroys.
void ConnectionTable::evict_locked(std::shared_ptr<Slot> slot, std::vector<std::shared_ptr<Slot>>& out) {
  waiting_.erase(slot->pos_);
  slot->waiting_ = false;
  slot->evicted_ = true;
  ++evicting_;
  out.push_back(std::move(slot));
}

ConnectionTable::Admission ConnectionTable::admit(const std::shared_ptr<Slot>& slot, const std::string& peer,
                                                  Clock::time_point now) {
  Admission result;
  std::lock_guard lock(mu_);
  const bool capped = !uncapped_.contains(peer);
  if (capped) {
    auto it = per_ip_.find(peer);
    if (it != per_ip_.end() && it->second >= options_.max_per_ip) {
      result.refusal = Refusal::kPerIp;
      return result;
    }
  }
  // live + 1: the pressure the new connection would add.
  if (live_locked() + 1 > pressure_threshold_) {
    while (!waiting_.empty() && now - waiting_.front()->waiting_since_ >= options_.pressure_idle_timeout)
      evict_locked(waiting_.front(), result.evict);
  }
  if (live_locked() >= options_.max_connections) {
    if (waiting_.empty()) {
      result.refusal = Refusal::kCapacity;
      return result;
    }
    evict_locked(waiting_.front(), result.evict);
  }
  slot->peer_ = peer;
  slot->admitted_ = true;
  slot->capped_ = capped;
  if (capped) ++per_ip_[peer];
  ++open_;
  return result;
}

bool ConnectionTable::start_waiting(const std::shared_ptr<Slot>& slot, Clock::time_point now) {
  std::lock_guard lock(mu_);
  if (slot->admitted_ && !slot->evicted_ && !slot->waiting_) {
    slot->waiting_ = true;
    slot->waiting_since_ = now;
    slot->pos_ = waiting_.insert(waiting_.end(), slot);
  }
  return pressure_locked();
}

bool ConnectionTable::stop_waiting(Slot& slot) {
  std::lock_guard lock(mu_);
  if (slot.waiting_) {
    waiting_.erase(slot.pos_);
    slot.waiting_ = false;
  }
  return !slot.evicted_;
}

void ConnectionTable::release(Slot& slot) {
  std::lock_guard lock(mu_);
  if (!slot.admitted_) return;
  slot.admitted_ = false;
  if (slot.waiting_) {
    waiting_.erase(slot.pos_);
    slot.waiting_ = false;
  }
  if (slot.evicted_) --evicting_;
  if (slot.capped_) {
    auto it = per_ip_.find(slot.peer_);
    if (it != per_ip_.end() && --it->second == 0) per_ip_.erase(it);
  }
  --open_;
}

std::vector<std::shared_ptr<ConnectionTable::Slot>> ConnectionTable::waiting() const {
  std::lock_guard lock(mu_);
  return {waiting_.begin(), waiting_.end()};
}

size_t ConnectionTable::open() const {
  std::lock_guard lock(mu_);
  return open_;
}

bool ConnectionTable::under_pressure() const {
  std::lock_guard lock(mu_);
  return pressure_locked();
}

std::optional<uint64_t> LogThrottle::note(std::chrono::steady_clock::time_point now, uint64_t n) {
  std::lock_guard lock(mu_);
  pending_ += n;
  if (last_ && now - *last_ < interval_) return std::nullopt;
  last_ = now;
  const uint64_t report = pending_;
  pending_ = 0;
  return report;
}

}  // namespace deskd::http
