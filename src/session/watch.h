#pragma once
// Hooks that run when a session ends (issue #14). A long-lived connection that a
// session authenticated (the agent's /agent/ws) registers a callback; the
// SessionManager calls ended() whenever it ends sessions on this node — logout,
// rotation, "end session", an admin's revoke, session hygiene after a password
// change / disable / role change, expiry — and the connection closes at once
// instead of outliving its session.
//
// Thread-safe. A callback runs at most once, on the thread that ended the
// session (a worker or the maintenance thread), outside every lock; it must not
// block (closing a WebSocket only queues). Sessions ended by another node are
// not seen here.
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace deskd::session {

class SessionWatchers;

// Keeps a callback registered; movable, unregisters on destruction or reset().
// After reset() returns the callback will not be started, but a run already
// started on another thread may still be finishing, so what the callback uses
// must keep itself alive (capture shared or weak pointers, not references into
// the owner). May outlive the SessionWatchers it came from.
class SessionWatch {
 public:
  SessionWatch() = default;
  SessionWatch(SessionWatch&& other) noexcept;
  SessionWatch& operator=(SessionWatch&& other) noexcept;
  SessionWatch(const SessionWatch&) = delete;
  SessionWatch& operator=(const SessionWatch&) = delete;
  ~SessionWatch();

  void reset();

 private:
  friend class SessionWatchers;
  struct State;
  SessionWatch(std::weak_ptr<State> state, uint64_t id) : state_(std::move(state)), id_(id) {}
  std::weak_ptr<State> state_;
  uint64_t id_ = 0;
};

class SessionWatchers {
 public:
  SessionWatchers();
  SessionWatchers(const SessionWatchers&) = delete;
  SessionWatchers& operator=(const SessionWatchers&) = delete;

  // Runs `on_end` once when a session with this id hash or row id is reported ended.
  SessionWatch watch(std::string id_hash, int64_t row_id, std::function<void()> on_end);

  // The sessions with these id hashes (or this row id) ended: runs and forgets
  // their callbacks. Cheap when nothing is watched.
  void ended(const std::vector<std::string>& id_hashes);
  void ended(std::string_view id_hash);
  void ended_row(int64_t row_id);

  size_t size() const;

 private:
  std::shared_ptr<SessionWatch::State> state_;
};

}  // namespace deskd::session
