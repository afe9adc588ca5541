#include "messenger/socket_common.h"

namespace deskd::messenger {

using nlohmann::json;

http::WsLimits visitor_socket_limits() {
  http::WsLimits limits;
  limits.max_message_bytes = kMaxJsonBytes;
  limits.max_queued_messages = 1024;
  limits.max_queued_bytes = 1024 * 1024;
  limits.idle_timeout_s = 120;
  return limits;
}

http::WsLimits agent_socket_limits() {
  http::WsLimits limits = visitor_socket_limits();
  limits.max_queued_messages = 32 * 1024;
  limits.max_queued_bytes = 32 * 1024 * 1024;
  return limits;
}

std::string error_frame(std::string_view code, std::string_view message, json extra) {
  extra["type"] = "error";
  extra["error"] = code;
  extra["message"] = message;
  return extra.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<json> read_frame(const std::shared_ptr<http::WsConnection>& conn, const std::string& text) {
  auto j = parse_object(text);
  if (!j || !j->contains("type") || !(*j)["type"].is_string()) {
    conn->close(kCloseMalformed, "expected a JSON object with a type");
    return std::nullopt;
  }
  return j;
}

void run_ordered(SerialQueue& queue, const std::shared_ptr<http::WsConnection>& conn, std::function<void()> task) {
  if (!queue.post(std::move(task))) conn->close(kClosePolicy, "too many frames");
}

}  // namespace deskd::messenger
