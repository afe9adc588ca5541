#pragma once
// Pieces both chat sockets share: limits, the error frame, and the per-socket
// state that orders a socket's storage work on the worker pool.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "http/websocket.h"
#include "messenger/serial_queue.h"
#include "messenger/wire.h"

namespace deskd::messenger {

// A socket may have this many frames waiting for the worker pool; a client
// sending faster is closed with 1008.
inline constexpr size_t kMaxPendingFrames = 64;
inline constexpr uint16_t kCloseMalformed = 1007;  // not a JSON object
inline constexpr uint16_t kClosePolicy = 1008;     // flooding

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

// Queues `task` on the socket's queue; closes the socket (1008) when the queue is full.
void run_ordered(SerialQueue& queue, const std::shared_ptr<http::WsConnection>& conn, std::function<void()> task);

}  // namespace deskd::messenger
