#pragma once
// Admission control for client connections: a global cap, a cap per peer
// address, and the list of connections waiting for a request head (fresh or
// keep-alive idle), oldest first, so that under pressure the oldest waiting
// ones are closed to make room instead of refusing a new connection.
//
// Beast-free. Thread-safe: every method may be called from any thread. Time is
// passed in by the caller (a steady clock), so tests need no sleeping.
#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace deskd::http {

class ConnectionTable {
 public:
  using Clock = std::chrono::steady_clock;

  struct Options {
    size_t max_connections = 10000;
    size_t max_per_ip = 256;
    // Once more than 3/4 of max_connections are open, a connection waits at
    // most this long for its next request head.
    std::chrono::milliseconds pressure_idle_timeout{5000};
    // Peer addresses exempt from max_per_ip (trusted proxies carry many
    // clients); spelled as the server spells peers (Asio's to_string()).
    std::vector<std::string> uncapped_peers;
  };

  // One open connection. The server derives its own record from this (the
  // table hands the same objects back in Admission::evict and waiting());
  // the table's fields are private to it and guarded by its mutex.
  class Slot {
   public:
    virtual ~Slot() = default;

   private:
    friend class ConnectionTable;
    std::string peer_;
    bool admitted_ = false;
    bool capped_ = false;   // counts towards per_ip_
    bool waiting_ = false;  // in waiting_ (pos_ valid)
    bool evicted_ = false;  // chosen to be closed; no longer counted as live
    Clock::time_point waiting_since_{};
    std::list<std::shared_ptr<Slot>>::iterator pos_{};
  };

  enum class Refusal { kNone, kPerIp, kCapacity };

  struct Admission {
    Refusal refusal = Refusal::kNone;
    // Waiting connections chosen to make room, oldest first. They no longer
    // count against the caps; the caller must close them (cancel their read).
    std::vector<std::shared_ptr<Slot>> evict;
  };

  explicit ConnectionTable(Options options);

  // Decides on a new connection from `peer` (any non-empty string; the same
  // string for the same address). On admission the slot is counted and the
  // caller must call release() once the connection is closed; on refusal the
  // slot is untouched and the caller closes the socket. `evict` may be
  // non-empty either way.
  //
  // Order: a peer over its own cap is refused without disturbing anyone else;
  // under pressure, waiting connections older than pressure_idle_timeout are
  // evicted; at the global cap the oldest waiting connection is evicted, and
  // only when none is waiting is the new connection refused.
  Admission admit(const std::shared_ptr<Slot>& slot, const std::string& peer, Clock::time_point now);

  // The connection starts waiting for a request head. Returns true under
  // pressure: the caller then waits at most pressure_idle_timeout.
  bool start_waiting(const std::shared_ptr<Slot>& slot, Clock::time_point now);

  // The connection stopped waiting (a head arrived, or the read ended).
  // Returns false if it was evicted meanwhile: it must close after answering
  // the request it may have just read.
  bool stop_waiting(Slot& slot);

  // The connection is closed: uncounts it. Idempotent; no-op if not admitted.
  void release(Slot& slot);

  // Every connection waiting right now (for a graceful stop).
  std::vector<std::shared_ptr<Slot>> waiting() const;

  size_t open() const;          // admitted, not yet released (evicted ones included)
  bool under_pressure() const;  // live connections above 3/4 of max_connections

 private:
  size_t live_locked() const { return open_ - evicting_; }
  bool pressure_locked() const { return live_locked() > pressure_threshold_; }
  void evict_locked(std::shared_ptr<Slot> slot, std::vector<std::shared_ptr<Slot>>& out);

  const Options options_;
  const size_t pressure_threshold_;
  const std::unordered_set<std::string> uncapped_;
  mutable std::mutex mu_;
  size_t open_ = 0;
  size_t evicting_ = 0;  // evicted, not yet released
  std::unordered_map<std::string, size_t> per_ip_;
  std::list<std::shared_ptr<Slot>> waiting_;  // oldest first
};

// Counts events and says when to log them: at the first event, then at most
// once per `interval`, reporting how many happened since the last report.
// Thread-safe.
class LogThrottle {
 public:
  explicit LogThrottle(std::chrono::steady_clock::duration interval) : interval_(interval) {}
  // Adds `n` events; returns the count to report if a log line is due now.
  std::optional<uint64_t> note(std::chrono::steady_clock::time_point now, uint64_t n = 1);

 private:
  const std::chrono::steady_clock::duration interval_;
  std::mutex mu_;
  std::optional<std::chrono::steady_clock::time_point> last_;
  uint64_t pending_ = 0;
};

}  // namespace deskd::http
