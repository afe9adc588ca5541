#pragma once
// Pieces both chat sockets share: limits, the error frame, and the per-socket
// state that orders a socket's storage work on the worker pool.
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "http/websocket.h"
#include "messenger/serial_queue.h"
#include "messenger/wire.h"
#include "session/manager.h"

namespace deskd::messenger {

// A socket may have this many frames waiting for the worker pool; a client
// sending faster is closed with 1008.
inline constexpr size_t kMaxPendingFrames = 64;
// A visitor socket may send this many frames at once, then one more every
// kVisitorFrameWindowMs / kVisitorFrameBurst (5 a second); the widget sends a
// resume per connection and a typing frame when typing starts or stops. A
// faster client is closed with 1008 before its frames cost storage work or
// reach an agent's console.
inline constexpr int64_t kVisitorFrameBurst = 20;
inline constexpr int64_t kVisitorFrameWindowMs = 4000;
inline constexpr uint16_t kCloseMalformed = 1007;     // not a JSON object
inline constexpr uint16_t kClosePolicy = 1008;        // flooding
inline constexpr uint16_t kCloseSessionEnded = 4001;  // the session that opened the socket ended

// Visitor sockets: many, anonymous, small queues. Agent sockets: few,
// authenticated staff who receive every queue change, so a burst of new chats
// must fit in their queue.
http::WsLimits visitor_socket_limits();
http::WsLimits agent_socket_limits();

// {"type":"error","error":code,"message":text} plus `extra` members.
std::string error_frame(std::string_view code, std::string_view message,
                        nlohmann::json extra = nlohmann::json::object());

// Parses one frame: the JSON object and its "type", or closes `conn` with 1007
// and returns nullopt.
std::optional<nlohmann::json> read_frame(const std::shared_ptr<http::WsConnection>& conn, const std::string& text);

// Queues `task` on the socket's queue; closes the socket (1008) when the queue is
// full (counted as Degraded::kWsFramesRefused).
void run_ordered(SerialQueue& queue, const std::shared_ptr<http::WsConnection>& conn, std::function<void()> task);

// Ties a socket to the session that authenticated it (issue #14): when that
// session ends on this node (logout, revocation, hygiene after a password
// change / disable / role change, expiry) the socket is closed with 4001
// "session ended", at once and from whichever thread ended it.
//
// Use: bind() on the worker thread that accepts the upgrade, then check the
// session is still live (an end before bind() is not reported); attach() in
// on_open; release() in on_close. Thread-safe.
class SessionBinding {
 public:
  static std::shared_ptr<SessionBinding> bind(session::SessionManager& sessions, const session::Session& s);

  // The socket is open; closes it at once when the session already ended.
  void attach(const std::shared_ptr<http::WsConnection>& conn);
  // The socket closed: stop watching.
  void release();

 private:
  SessionBinding() = default;
  void session_ended();

  std::mutex mu_;
  std::weak_ptr<http::WsConnection> conn_;  // guarded by mu_
  bool ended_ = false;                      // guarded by mu_
  session::SessionWatch watch_;             // guarded by mu_
};

}  // namespace deskd::messenger
