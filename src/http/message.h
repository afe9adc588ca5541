#pragma once
// Beast-free request/response types: feature code and the pipeline see only
// these; http/connection.cc is the one place that speaks Beast.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace deskd::http {

struct WsSession;

// A response body produced a piece at a time (a spooled file, bytes read from
// storage in slices), so the server never holds the whole body. The server
// reads it on a worker thread (read() may block), one piece per write, and
// drops it when the response ends, however it ends.
// Threading: called from one thread at a time, not always the same one.
class BodySource {
 public:
  virtual ~BodySource() = default;
  // The exact total length when known before the first byte (sent as
  // Content-Length), nullopt otherwise (sent chunked on HTTP/1.1; on HTTP/1.0
  // the connection's close ends the body).
  virtual std::optional<uint64_t> length() const = 0;
  // Copies the next bytes, at most `capacity`, into `out`; 0 means the end.
  // An error (or an end before length()) ends the response by closing the
  // connection, so the client sees an incomplete body, never a complete one.
  virtual Result<size_t> read(char* out, size_t capacity) = 0;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // as on the wire, e.g. "GET"
  std::string target;  // raw request-target, e.g. "/kb?x=1"
  std::string path;    // percent-decoded path without the query
  std::string query;   // raw query string without '?'
  Headers headers;     // in arrival order; names as sent
  std::string body;
  std::string peer_ip;  // the TCP peer
  int64_t received_ms = 0;
  bool websocket_upgrade = false;  // a valid WebSocket upgrade request

  // First header with this name (case-insensitive), or empty.
  std::string_view header(std::string_view name) const;
  // Every value of this header name (case-insensitive), in order.
  std::vector<std::string_view> header_values(std::string_view name) const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // When set, the body is read from here instead of `body` (which must be empty).
  std::shared_ptr<BodySource> stream;
  bool close = false;  // close the connection after this response
  // With status 101: the connection upgrades to a WebSocket driven by this.
  std::shared_ptr<WsSession> websocket;

  void set_header(std::string name, std::string value);  // replaces an existing one
  void add_header(std::string name, std::string value);  // appends (e.g. Set-Cookie)
  std::string_view header(std::string_view name) const;
};

// Called exactly once, from any thread, with the finished response.
using Responder = std::function<void(Response)>;
// Handles one request. May answer synchronously or later from another thread.
using Handler = std::function<void(Request, Responder)>;

const char* reason_phrase(int status);
bool iequals(std::string_view a, std::string_view b);

}  // namespace deskd::http
