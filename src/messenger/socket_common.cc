#include "messenger/socket_common.h"

#include "core/degraded.h"

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
  if (queue.post(std::move(task))) return;
  count_degraded(Degraded::kWsFramesRefused);
  conn->close(kClosePolicy, "too many frames");
}

std::shared_ptr<SessionBinding> SessionBinding::bind(session::SessionManager& sessions, const session::Session& s) {
  std::shared_ptr<SessionBinding> binding(new SessionBinding());
  std::weak_ptr<SessionBinding> weak = binding;
  session::SessionWatch watch = sessions.watch(s, [weak] {
    if (auto self = weak.lock()) self->session_ended();
  });
  std::lock_guard lock(binding->mu_);
  binding->watch_ = std::move(watch);
  return binding;
}

void SessionBinding::attach(const std::shared_ptr<http::WsConnection>& conn) {
  bool ended = false;
  {
    std::lock_guard lock(mu_);
    conn_ = conn;
    ended = ended_;
  }
  if (ended) conn->close(kCloseSessionEnded, "session ended");
}

void SessionBinding::release() {
  session::SessionWatch watch;
  {
    std::lock_guard lock(mu_);
    watch = std::move(watch_);
    conn_.reset();
  }
  // `watch` unregisters here, outside mu_.
}

void SessionBinding::session_ended() {
  std::shared_ptr<http::WsConnection> conn;
  {
    std::lock_guard lock(mu_);
    ended_ = true;
    conn = conn_.lock();
  }
  if (conn) conn->close(kCloseSessionEnded, "session ended");
}

}  // namespace deskd::messenger
