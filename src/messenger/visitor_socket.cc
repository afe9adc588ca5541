// GET /messenger/ws?visitor=<id> (docs/messenger.md, "WebSockets"): delivers a
// visitor's chat events; the visitor sends resume and typing frames.
#include "core/degraded.h"
#include "messenger/cors.h"
#include "messenger/messenger.h"
#include "messenger/socket_common.h"
#include "security/rate_limit.h"

namespace deskd::messenger {
namespace {

using nlohmann::json;

void on_frame(Runtime& rt, const std::string& visitor, SerialQueue& queue,
              const std::shared_ptr<http::WsConnection>& conn, const std::string& text) {
  auto frame = read_frame(conn, text);
  if (!frame) return;
  const std::string type = (*frame)["type"];
  if (type == "resume") {
    auto last_id = int_member(*frame, "last_id");
    if (!last_id || *last_id < 0) return (void)conn->send(error_frame("bad_request", "resume needs last_id >= 0"));
    run_ordered(queue, conn, [&rt, visitor, conn, last = *last_id] { rt.chats.visitor_resume(visitor, last, *conn); });
  } else if (type == "typing") {
    auto chat_id = int_member(*frame, "chat_id");
    auto on = frame->find("on");
    if (!chat_id || on == frame->end() || !on->is_boolean())
      return (void)conn->send(error_frame("bad_request", "typing needs chat_id and on"));
    run_ordered(queue, conn, [&rt, visitor, chat = *chat_id, flag = on->get<bool>()] {
      (void)rt.chats.visitor_typing(visitor, chat, flag);
    });
  } else {
    conn->send(error_frame("bad_request", "unknown frame type"));
  }
}

std::shared_ptr<http::WsSession> accept_visitor(Runtime& rt, pipeline::RequestContext& ctx) {
  if (!apply_cors(ctx)) return nullptr;
  std::string visitor(ctx.query.get("visitor"));
  if (!rt.svc.visitor_tokens.valid(visitor)) {
    write_error(ctx, 400, "visitor", "visitor must be the visitor id the server issued.");
    return nullptr;
  }
  auto queue = std::make_shared<SerialQueue>(rt.pool, kMaxPendingFrames);
  auto session = std::make_shared<http::WsSession>();
  session->limits = visitor_socket_limits();
  session->on_open = [&rt, visitor](const std::shared_ptr<http::WsConnection>& conn) {
    rt.hub.add_visitor(visitor, conn);
    conn->send(agents_online_frame(rt.hub.agents_online()));
  };
  auto gate = std::make_shared<security::RateLimiter>(
      rt.svc.clock, security::RateLimit{kVisitorFrameBurst, kVisitorFrameWindowMs}, 1);
  session->on_message = [&rt, visitor, queue, gate](const std::shared_ptr<http::WsConnection>& conn, std::string text) {
    if (!gate->hit("").allowed) {
      count_degraded(Degraded::kWsFramesRefused);
      conn->close(kClosePolicy, "too many frames");
      return;
    }
    on_frame(rt, visitor, *queue, conn, text);
  };
  session->on_close = [&rt, visitor](const std::shared_ptr<http::WsConnection>& conn) {
    rt.hub.remove_visitor(visitor, conn->id());
  };
  return session;
}

}  // namespace

void register_visitor_socket(pipeline::App& app, Runtime& rt) {
  app.websocket(pipeline::Area::kMessenger, "/messenger/ws",
                [&rt](pipeline::RequestContext& ctx) { return accept_visitor(rt, ctx); });
}

}  // namespace deskd::messenger
