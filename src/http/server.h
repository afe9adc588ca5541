#pragma once
// HTTP/1.1 server: accepts connections, reads requests under limits and
// timeouts, hands each request to a Handler, writes the response, keeps the
// connection alive. Graceful stop: no new connections, in-flight requests
// finish, idle keep-alive connections are closed.
//
// Admission (http/connection_table.h): at most limits.max_connections_per_ip
// connections per peer address (addresses in uncapped_peers exempt) and
// limits.max_connections in all; over a cap the connection gets a 503 with
// Retry-After and is closed at once. Above 3/4 of max_connections, connections
// waiting for a request get limits.pressure_idle_timeout_s and the oldest
// waiting ones are closed to make room. Request heads breaking RFC 9112
// framing rules (http/framing.h) are answered 400 and the connection closed.
//
// Streamed bodies (Response::stream): the head goes first, then the body in
// pieces of at most 64 KiB, each read through options.run_blocking and written
// before the next is read, so a response holds one piece in memory whatever
// its size. With a known length it is sent with Content-Length, otherwise
// chunked (HTTP/1.1). A source that fails or ends short, and a client that
// goes away, end the response by closing the connection: the client never
// sees a complete-looking body that is not. Failures are counted in /metrics.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <optional>

#include "core/config.h"
#include "core/status.h"
#include "http/message.h"
#include "http/metrics.h"

namespace deskd::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 = any free port
  Limits limits;
  int io_threads = 1;
  // Peers not capped by limits.max_connections_per_ip: trusted proxies, which
  // carry many clients (the proxy must limit them itself, e.g. nginx limit_conn).
  std::vector<std::string> uncapped_peers;
  // A graceful stop waits at most this long for open connections (in-flight
  // requests, WebSockets closing with 1001) before the loop is stopped.
  std::chrono::milliseconds shutdown_timeout{10000};
  // Body limit for a request, decided from its head (per route); defaults to limits.max_body_bytes.
  std::function<size_t(std::string_view method, std::string_view path)> body_limit;
  // Answers a request on the I/O thread when that needs no blocking work (no
  // storage, no waiting); nullopt passes it to the Handler. Optional.
  std::function<std::optional<Response>(const Request&)> answer_now;
  // Renders a protocol-level error page (400/408/413/431) from the request head, if any.
  std::function<Response(int status, const Request& head)> error_page;
  // Runs blocking work off the I/O threads: reading a streamed response body
  // (Response::stream), one piece per call. False when the work cannot be
  // queued (the response then ends by closing the connection). Unset: the
  // server runs it on a small pool of its own.
  std::function<bool(std::function<void()>)> run_blocking;
};

class Server {
 public:
  Server(ServerOptions options, Handler handler, Metrics& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and installs the SIGTERM/SIGINT handlers that begin a
  // graceful stop, so a signal that arrives once a caller has announced the
  // returned "HOST:PORT" is never fatal: it is held until run() and then stops
  // the server (run() returns after the graceful stop).
  Result<std::string> listen();
  // Runs the I/O threads until stopped; `on_stopping` runs once when a stop begins.
  void run(std::function<void()> on_stopping);
  // Begins a graceful stop; returns at once. Safe from any thread.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "127.0.0.1:8080" / "[::1]:0" -> host and port; InvalidArgument otherwise.
Result<std::pair<std::string, uint16_t>> parse_listen(std::string_view listen);

}  // namespace deskd::http
