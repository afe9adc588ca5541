#pragma once
// Server-side sessions for the three interfaces.
//
// Ids are 256 bits from the injected Random, base64url (43 chars); the store
// keeps only hash_hex(id), so a leaked database holds no live session. Ids the
// server did not issue are never adopted: lookups of unknown ids fail and
// create() always draws a fresh id.
//
// An in-process cache in front of the store answers lookups from memory;
// last_seen is written behind (at most once a minute per session) by flush();
// creation, rotation and destruction are written through at once. Cache
// entries are re-read from the store every kRevalidateMs so sessions ended by
// another node die here too within that bound.
//
// Every way a session ends here (destroy, rotate, end_person_sessions,
// end_by_row_id, sweep, an expired find) runs the watch() callbacks of that
// session once the store no longer has it, so live connections it
// authenticated close at once (issue #14).
//
// Thread-safe. Every method may touch the store, so call from worker threads.
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/random.h"
#include "core/settings.h"
#include "core/status.h"
#include "session/interface.h"
#include "session/watch.h"
#include "storage/store.h"

namespace deskd::session {

struct Session {
  std::string id;       // the raw id (cookie value); never stored
  std::string id_hash;  // what the store knows
  Interface iface = Interface::kPortal;
  int64_t row_id = 0;
  int64_t person_id = 0;  // 0 = anonymous
  bool via_remember = false;
  int64_t created_ms = 0;
  int64_t last_seen_ms = 0;
  std::string ip;
  std::string user_agent;
  std::string data = "{}";  // JSON object owned by the pipeline (flash, form state)
};

struct NewSession {
  Interface iface = Interface::kPortal;
  int64_t person_id = 0;
  bool via_remember = false;
  std::string ip;
  std::string user_agent;
  std::string data = "{}";
};

class SessionManager {
 public:
  static constexpr int64_t kTouchIntervalMs = 60'000;
  static constexpr int64_t kRevalidateMs = 30'000;
  static constexpr size_t kMaxCached = 200'000;

  SessionManager(storage::SessionStore& store, const Clock& clock, Random& random, const SettingsHub& settings);

  // True for values shaped like an id this server issues (43 base64url chars).
  static bool well_formed_id(std::string_view id);

  // The live session of `iface` with this id; nullopt when malformed, unknown,
  // of another interface, or expired (an expired session is destroyed).
  std::optional<Session> find(Interface iface, std::string_view id);
  // find() from memory only, for a thread that must not block (an I/O thread):
  // the session when its cached entry was read from the store less than
  // kRevalidateMs ago and it is live; nullopt otherwise (find() decides,
  // reading the store). Never touches the store.
  std::optional<Session> peek(Interface iface, std::string_view id);
  Result<Session> create(const NewSession& spec);
  // A new id carrying the same data for `person_id`; the old id dies at once.
  Result<Session> rotate(const Session& old, int64_t person_id, bool via_remember);
  Status destroy(const Session& s);
  Status save_data(const Session& s);
  // Ends every session of the person except keep_id_hash (may be empty).
  Result<size_t> end_person_sessions(int64_t person_id, std::string_view keep_id_hash);
  Status end_by_row_id(int64_t row_id);

  // Runs `on_end` once when `s` ends on this node (see above and session/watch.h).
  // To close the race with an end that happened before the call, callers check
  // the session is still live (find) after registering.
  SessionWatch watch(const Session& s, std::function<void()> on_end);

  // Cluster (cluster/cluster_sync.h). `listener` hears every session this node
  // ended on purpose (destroy, rotate, end_person_sessions: their id hashes;
  // end_by_row_id: the row id, hashes empty) after the store dropped it, so
  // other nodes can forget their cached copies. Expiry is not reported (every
  // node checks it). Set before serving; runs on the ending thread.
  using EndListener = std::function<void(const std::vector<std::string>& id_hashes, int64_t row_id)>;
  void set_end_listener(EndListener listener);
  // A session another node ended: drop the cached entry and run its watchers.
  // The store is not touched.
  void forget(const std::vector<std::string>& id_hashes);
  void forget_row(int64_t row_id);

  // Writes pending last_seen values. Called periodically and at shutdown.
  Status flush();
  // Deletes expired sessions of every interface from the store and the cache.
  Status sweep();
  size_t cached() const;

 private:
  struct Cached {
    Session session;
    int64_t written_ms;    // last_seen value the store has
    int64_t validated_ms;  // when the entry was last read from / written to the store
  };
  InterfaceTimeouts timeouts(Interface iface) const;
  bool expired(const Session& s, int64_t now) const;
  // written_ms: the last_seen value the store has (or is about to get from flush()).
  void cache_put(const Session& s, int64_t written_ms, int64_t now);
  void cache_drop(const std::string& id_hash);

  void drop_row(int64_t row_id);

  SessionWatchers watchers_;
  EndListener end_listener_;  // set before serving, then read-only
  storage::SessionStore& store_;
  const Clock& clock_;
  Random& random_;
  const SettingsHub& settings_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Cached> cache_;
  std::unordered_map<std::string, int64_t> pending_touches_;
};

}  // namespace deskd::session
