#pragma once
// WebSocket connections, Beast-free. A handler that wants to upgrade answers
// the request with status 101 and Response::websocket set; the connection then
// completes the handshake and drives these callbacks.
//
// Threading: on_open, on_message and on_close run on the connection's I/O
// strand, in order, and must not block (post storage work to the worker pool).
// WsConnection::send/close are thread-safe and never block.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace deskd::http {

class WsConnection {
 public:
  virtual ~WsConnection() = default;
  // Queues a text frame. Returns false when the connection is closing or its
  // send queue is over the cap: a client that cannot keep up is disconnected
  // (close code 1008) instead of growing memory.
  virtual bool send(std::string text) = 0;
  // Starts a close handshake with this code and reason.
  virtual void close(uint16_t code, std::string reason) = 0;
  virtual uint64_t id() const = 0;
  virtual bool open() const = 0;
};

struct WsLimits {
  size_t max_message_bytes = 64 * 1024;  // larger frames close the connection (1009)
  size_t max_queued_messages = 256;      // send-queue cap per connection
  size_t max_queued_bytes = 1024 * 1024;
  int idle_timeout_s = 300;  // no frame and no pong for this long: closed
};

struct WsSession {
  WsLimits limits;
  std::function<void(const std::shared_ptr<WsConnection>&)> on_open;
  std::function<void(const std::shared_ptr<WsConnection>&, std::string message)> on_message;
  std::function<void(const std::shared_ptr<WsConnection>&)> on_close;
};

}  // namespace deskd::http
