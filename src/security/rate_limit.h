#pragma once
// Per-key rate limits on anonymous writes (docs/security.md, "Abuse limits").
//
// A limit of N events per window admits a burst of N at once and afterwards one
// event every window / N: the generic cell rate algorithm, a token bucket kept as
// one timestamp per key. A refused event costs nothing, so a client that keeps
// hammering is let through again at the steady rate, never locked out for good.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/config.h"

namespace deskd::security {

struct RateLimit {
  int64_t events = 0;  // per window; 0 = no limit
  int64_t window_ms = 60 * 60 * 1000;
};

struct RateDecision {
  bool allowed = true;
  int64_t retry_after_ms = 0;  // when refused: the next event is admitted after this long (> 0)
  // retry_after_ms in whole seconds, rounded up (Retry-After header); 0 when allowed.
  int64_t retry_after_s() const { return allowed ? 0 : (retry_after_ms + 999) / 1000; }
};

// In-memory and per process. Thread-safe (one mutex per limiter). A key whose
// bucket has refilled (its next event would be admitted with the whole burst)
// is forgotten as events go by, from the least recently admitted end: it
// changes no decision, and memory follows the keys in use, not every key ever
// seen. At most `max_keys` keys (at least 1) are remembered: when a new key
// arrives at a full limiter, the least recently admitted key is forgotten
// (counted in evicted() when it was still limited); forgetting a key only ever
// lets that key through earlier. `clock` must outlive the limiter.
class RateLimiter {
 public:
  RateLimiter(const deskd::Clock& clock, RateLimit limit, size_t max_keys);
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Admits (and counts) one event for `key`, or refuses it with the time until
  // the next event would be admitted. Always admits when the limit is off.
  RateDecision hit(std::string_view key);

  const RateLimit& limit() const { return limit_; }
  bool enabled() const { return limit_.events > 0; }
  size_t size() const;                                    // keys remembered
  uint64_t admitted() const { return admitted_.load(); }  // since start
  uint64_t refused() const { return refused_.load(); }    // since start
  uint64_t evicted() const { return evicted_.load(); }    // keys forgotten because the limiter was full

 private:
  struct Entry {
    int64_t tat_us = 0;                      // theoretical arrival time of the next event
    std::list<std::string>::iterator order;  // position in order_
  };
  // Drops up to two least recently admitted keys whose bucket has refilled by now_us.
  void forget_refilled(int64_t now_us);  // mu_ held
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  const deskd::Clock& clock_;
  const RateLimit limit_;
  const size_t max_keys_;
  const int64_t interval_us_;   // window / events
  const int64_t tolerance_us_;  // interval * (events - 1): the burst
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry, Hash, std::equal_to<>> entries_;  // guarded by mu_
  std::list<std::string> order_;  // guarded by mu_; keys by last admitted event, oldest first
  std::atomic<uint64_t> admitted_{0};
  std::atomic<uint64_t> refused_{0};
  std::atomic<uint64_t> evicted_{0};
};

// The key a client address is limited under: an IPv6 address by its /64 prefix
// (one subscriber holds a whole /64, so per-address keys would not limit
// anyone), IPv4 (also IPv4-mapped IPv6) as the dotted quad, anything else as given.
std::string client_address_key(std::string_view ip);

// The server's per-client-address limiters, configured from `limits.*`
// (core/config.h). Thread-safe; `clock` must outlive them.
class RateLimits {
 public:
  RateLimits(const deskd::Clock& clock, const Limits& limits);
  RateLimits(const RateLimits&) = delete;
  RateLimits& operator=(const RateLimits&) = delete;

  RateLimiter visitor_ids;    // POST /messenger/api/visitor
  RateLimiter chat_starts;    // POST /messenger/api/chats
  RateLimiter tickets;        // POST /new-ticket, POST /messenger/api/offline
  RateLimiter registrations;  // POST /register
  RateLimiter comments;       // POST /kb/articles/{id}/comments
  RateLimiter votes;          // POST /kb/articles/{id}/vote
  RateLimiter api_keys;       // every /api/v1/ request, keyed by the API key's id (per minute)
  RateLimiter page_views;     // recorded Help Center page views, keyed by visitor (per minute)
  RateLimiter chat_messages;  // POST /messenger/api/chats/{id}/messages, keyed by visitor id (per minute)

  // Each limiter with the name its /metrics series carry ("visitor_ids", ...).
  std::vector<std::pair<std::string, const RateLimiter*>> named() const;
};

}  // namespace deskd::security
