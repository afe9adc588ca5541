#include "session/watch.h"

#include <utility>

namespace deskd::session {

struct SessionWatch::State {
  struct Entry {
    std::string id_hash;
    int64_t row_id = 0;
    std::function<void()> on_end;
  };
  mutable std::mutex mu;
  uint64_t next_id = 1;                         // guarded by mu
  std::unordered_map<uint64_t, Entry> entries;  // guarded by mu; few (one per open agent socket)

  void remove(uint64_t id) {
    std::lock_guard lock(mu);
    entries.erase(id);
  }

  // Takes out the callbacks of every entry `match` accepts, then runs them unlocked.
  template <class Match>
  void end_matching(Match match) {
    std::vector<std::function<void()>> due;
    {
      std::lock_guard lock(mu);
      for (auto it = entries.begin(); it != entries.end();) {
        if (match(it->second)) {
          due.push_back(std::move(it->second.on_end));
          it = entries.erase(it);
        } else {
          ++it;
        }
      }
    }
    for (auto& f : due)
      if (f) f();
  }
};

SessionWatch::SessionWatch(SessionWatch&& other) noexcept
    : state_(std::move(other.state_)), id_(std::exchange(other.id_, 0)) {}

SessionWatch& SessionWatch::operator=(SessionWatch&& other) noexcept {
  if (this != &other) {
    reset();
    state_ = std::move(other.state_);
    id_ = std::exchange(other.id_, 0);
  }
  return *this;
}

SessionWatch::~SessionWatch() {
  reset();
}

void SessionWatch::reset() {
  if (id_ == 0) return;
  if (auto state = state_.lock()) state->remove(id_);
  state_.reset();
  id_ = 0;
}

SessionWatchers::SessionWatchers() : state_(std::make_shared<SessionWatch::State>()) {}

SessionWatch SessionWatchers::watch(std::string id_hash, int64_t row_id, std::function<void()> on_end) {
  std::lock_guard lock(state_->mu);
  const uint64_t id = state_->next_id++;
  state_->entries.emplace(id, SessionWatch::State::Entry{std::move(id_hash), row_id, std::move(on_end)});
  return SessionWatch(state_, id);
}

void SessionWatchers::ended(const std::vector<std::string>& id_hashes) {
  if (id_hashes.empty() || size() == 0) return;
  state_->end_matching([&](const SessionWatch::State::Entry& e) {
    for (const auto& h : id_hashes)
      if (h == e.id_hash) return true;
    return false;
  });
}

void SessionWatchers::ended(std::string_view id_hash) {
  if (id_hash.empty()) return;
  state_->end_matching([&](const SessionWatch::State::Entry& e) { return e.id_hash == id_hash; });
}

void SessionWatchers::ended_row(int64_t row_id) {
  if (row_id == 0) return;
  state_->end_matching([&](const SessionWatch::State::Entry& e) { return e.row_id == row_id; });
}

size_t SessionWatchers::size() const {
  std::lock_guard lock(state_->mu);
  return state_->entries.size();
}

}  // namespace deskd::session
