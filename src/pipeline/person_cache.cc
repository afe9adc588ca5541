#include "pipeline/person_cache.h"

namespace deskd::pipeline {

std::optional<storage::Person> PersonCache::peek(int64_t id) const {
  const int64_t now = clock_.now_ms();
  std::lock_guard lock(mu_);
  auto it = entries_.find(id);
  if (it == entries_.end() || now - it->second.read_ms >= kFreshMs || now < it->second.read_ms) return std::nullopt;
  return it->second.person;
}

uint64_t PersonCache::epoch() const {
  std::lock_guard lock(mu_);
  return epoch_;
}

void PersonCache::put(const storage::Person& person, uint64_t epoch) {
  const int64_t now = clock_.now_ms();
  std::lock_guard lock(mu_);
  if (epoch != epoch_) return;
  if (entries_.size() >= kMaxEntries && !entries_.count(person.id)) entries_.clear();
  entries_[person.id] = Entry{person, now};
}

void PersonCache::clear() {
  std::lock_guard lock(mu_);
  entries_.clear();
  ++epoch_;
}

size_t PersonCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace deskd::pipeline
