#pragma once
// Internal to http/: runs an upgraded connection (see websocket.h). Includes Asio.
#include <memory>

#include "http/asio.h"
#include "http/websocket.h"

namespace deskd::http {

// Completes the handshake for `upgrade` and runs the connection until it
// closes. `on_registered` receives the connection once it is open so the
// server can close it at shutdown.
asio::awaitable<void> run_websocket(beast::tcp_stream stream, bhttp::request<bhttp::string_body> upgrade,
                                    std::shared_ptr<WsSession> session, uint64_t id,
                                    std::function<void(const std::shared_ptr<WsConnection>&, bool opened)> track);

// Cuts the TCP connection of a WebSocket that run_websocket() runs, at once and
// without a close handshake (a stop past server.shutdown_timeout_s, when the
// peer never answered the 1001): its read ends and on_close runs, so nothing
// keeps the connection alive past its I/O context. Thread-safe; a no-op for
// other WsConnection implementations.
void abort_websocket(const std::shared_ptr<WsConnection>& c);

}  // namespace deskd::http
