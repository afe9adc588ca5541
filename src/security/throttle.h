#pragma once
// Per-key exponential backoff for failed logins (SPEC §7). Keys name what is being
// guessed against, e.g. "ip:1.2.3.4" and "acct:user@x"; callers check every key that
// applies and wait for the largest answer. Password checks use the key scheme at the
// end of this file (login_keys) rather than building keys themselves.
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

// How a key's failures turn into a wait. Negative values count as 0 and a max_delay_ms
// below base_delay_ms as base_delay_ms.
struct Backoff {
  int free_failures = 5;                  // failures that cost no delay
  int64_t base_delay_ms = 1000;           // delay after failure free_failures + 1
  int64_t max_delay_ms = 15 * 60 * 1000;  // the delay never grows beyond this
};

struct ThrottleParams {
  // The backoff of retry_after_ms(key); see Backoff.
  int free_failures = 5;
  int64_t base_delay_ms = 1000;
  int64_t max_delay_ms = 15 * 60 * 1000;
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
  // The first form uses the params' backoff; a key should always be asked with the same one.
  int64_t retry_after_ms(std::string_view key) const;
  int64_t retry_after_ms(std::string_view key, const Backoff& backoff) const;

  void record_failure(std::string_view key);
  // Forgets the key.
  void record_success(std::string_view key);

  // Cluster (cluster/cluster_sync.h): `observer` hears every failure and
  // success recorded above, so other nodes can count them too; the peer forms
  // record what another node reported without telling the observer. Set the
  // observer before use; it runs on the recording thread, outside the lock.
  using Observer = std::function<void(bool failure, std::string_view key)>;
  void set_observer(Observer observer);
  void record_peer_failure(std::string_view key);
  void record_peer_success(std::string_view key);

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

  void count_failure(std::string_view key);
  void forget(std::string_view key);
  static int64_t delay_for(int failures, const Backoff& b);
  bool is_stale(const Entry& e, int64_t now) const;
  void erase(Map::iterator it);
  void sweep_stale(int64_t now);

  const deskd::Clock& clock_;
  const ThrottleParams params_;
  const Backoff backoff_;  // the params' backoff, sanitized
  Observer observer_;      // set before use, then read-only
  mutable std::mutex mu_;
  Map entries_;                   // guarded by mu_
  std::list<std::string> order_;  // guarded by mu_; keys by last failure, oldest first
};

// ---- The sign-in key scheme (SPEC §7 "per-account and per-IP backoff") ----------
//
// A password check (login, "current password") is throttled under three keys:
//   address          every failure from this client address, whatever the account;
//   account_address  this account from this address;
//   account          this account from every address, with the softer kAccountWideBackoff.
// So one address guessing gets the full backoff quickly, while the owner signing in
// from another address is not locked out by it (issue #9 item 8); only many failures
// from many addresses slow the account down everywhere, and then by at most a minute.
// Keys depend only on the typed (normalized) account name and the address, never on
// whether the account exists: unknown accounts are throttled and answered identically.

// The account-wide key: a distributed guess costs a wait only after this many failures,
// and the wait stays short enough that the owner is never locked out for long.
inline constexpr Backoff kAccountWideBackoff{.free_failures = 50, .base_delay_ms = 1000, .max_delay_ms = 60 * 1000};

// <address> is client_address_key (security/rate_limit.h): an IPv6 client by its
// /64, which one subscriber holds whole, so hopping within it gains nothing.
struct LoginKeys {
  std::string address;          // "ip:<address>"
  std::string account_address;  // "acct-ip:<address length>:<address><account>"
  std::string account;          // "acct:<account>"
};

// `account` is the normalized e-mail as typed (may be empty or unknown), `client_ip`
// the client address the pipeline resolved.
LoginKeys login_keys(std::string_view account, std::string_view client_ip);

// The largest wait of the three keys (each with its own backoff).
int64_t login_retry_after_ms(const LoginThrottle& throttle, const LoginKeys& keys);
// Counts one failure under all three keys.
void record_login_failure(LoginThrottle& throttle, const LoginKeys& keys);
// Forgets this address's failures against the account. The address key and the
// account-wide key keep counting: they also hold what other accounts were tried from
// here and what other addresses tried against the account.
void record_login_success(LoginThrottle& throttle, const LoginKeys& keys);

}  // namespace deskd::security
