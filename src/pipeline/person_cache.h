#pragma once
// People as the pipeline last read them from storage, for the answers given
// on the I/O thread (App::answer_now), which never read storage: a signed-in
// Help Center visitor's page is answered there when their session
// (SessionManager::peek) and their person (here) are both in memory.
//
// Freshness: an entry serves for kFreshMs after it was read, the session
// cache's revalidation window, so a change made on another node (or by a
// tool on the database) shows within that time, as an ended session does.
// Changes made through this node show at once: App drops the cache after
// every request that may change a person (see App::process), and a read that
// raced with such a drop is not kept (epoch()).
//
// Thread-safe; never touches storage.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "core/clock.h"
#include "session/manager.h"
#include "storage/records.h"

namespace deskd::pipeline {

class PersonCache {
 public:
  static constexpr int64_t kFreshMs = session::SessionManager::kRevalidateMs;
  // Beyond this many people the cache starts over.
  static constexpr size_t kMaxEntries = 100'000;

  explicit PersonCache(const Clock& clock) : clock_(clock) {}

  // The person as read less than kFreshMs ago, else nullopt.
  std::optional<storage::Person> peek(int64_t id) const;
  // Counts drops: take it before reading a person from storage and hand it to put().
  uint64_t epoch() const;
  // Keeps `person`, read from storage after epoch() returned `epoch`; ignored
  // when the cache was dropped in between (the read may predate a change).
  void put(const storage::Person& person, uint64_t epoch);
  // Forgets everyone (a person may have changed).
  void clear();
  size_t size() const;

 private:
  struct Entry {
    storage::Person person;
    int64_t read_ms = 0;
  };
  const Clock& clock_;
  mutable std::mutex mu_;
  std::unordered_map<int64_t, Entry> entries_;  // guarded by mu_
  uint64_t epoch_ = 0;                          // guarded by mu_
};

}  // namespace deskd::pipeline
