#pragma once
// Per-key exponential backoff for failed logins (SPEC §7). Keys name what is being
// guessed against, e.g. "ip:1.2.3.4" and "acct:user@x"; callers check every key that
// applies and wait for the largest answer.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"

namespace deskd::security {

struct ThrottleParams {
  int free_failures = 5;                     // failures that cost no delay
  int64_t base_delay_ms = 1000;              // delay after failure free_failures + 1
  int64_t max_delay_ms = 15 * 60 * 1000;     // the delay never grows beyond this
  int64_t forget_after_ms = 60 * 60 * 1000;  // a key with no failure for this long starts over
  size_t max_keys = 100000;                  // at most this many keys (at least 1) are remembered
};

// In-memory and per process. Thread-safe (one mutex). When full, the key whose last
// failure is oldest is forgotten first. `clock` must outlive the throttle.
class LoginThrottle {
 public:
  explicit LoginThrottle(const deskd::Clock& clock, ThrottleParams p = {});
  LoginThrottle(const LoginThrottle&) = delete;
  LoginThrottle& operator=(const LoginThrottle&) = delete;

  // Milliseconds the caller must still wait before another attempt for this key
  // (0 = go ahead). With n failures remembered and n > free_failures the wait, counted
  // from the last failure, is min(base_delay_ms * 2^(n - free_failures - 1), max_delay_ms).
  int64_t retry_after_ms(std::string_view key) const;

  void record_failure(std::string_view key);
  // Forgets the key.
  void record_success(std::string_view key);

  // Keys currently remembered (stale ones may still count until they are swept).
  size_t size() const;

 private:
  struct Entry {
    int failures = 0;
    int64_t last_failure_ms = 0;
    std::list<std::string>::iterator order;  // position in order_
  };
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Map = std::unordered_map<std::string, Entry, Hash, std::equal_to<>>;

  int64_t delay_for(int failures) const;
  bool is_stale(const Entry& e, int64_t now) const;
  void erase(Map::iterator it);
  void sweep_stale(int64_t now);

  const deskd::Clock& clock_;
  const ThrottleParams params_;
  mutable std::mutex mu_;
  Map entries_;                   // guarded by mu_
  std::list<std::string> order_;  // guarded by mu_; keys by last failure, oldest first
};

}  // namespace deskd::security
