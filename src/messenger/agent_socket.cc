// GET /agent/ws (docs/messenger.md, "WebSockets"): the agent console's socket.
// Authenticated by the agent session cookie, so only the helpdesk's own
// Origin is accepted (no cross-site WebSocket hijacking). The socket lives no
// longer than that session: it is closed with 4001 when the session ends.
#include <spdlog/spdlog.h>

#include "messenger/cors.h"
#include "messenger/messenger.h"
#include "messenger/socket_common.h"

namespace deskd::messenger {
namespace {

using nlohmann::json;

void reply_error(const std::shared_ptr<http::WsConnection>& conn, const Status& s, json extra) {
  switch (s.code()) {
    case Code::kNotFound: conn->send(error_frame("not_found", "No such chat.", std::move(extra))); return;
    case Code::kConflict:
      conn->send(error_frame("conflict", "Another agent was faster, or the chat has ended.", std::move(extra)));
      return;
    case Code::kPermissionDenied: conn->send(error_frame("forbidden", s.message(), std::move(extra))); return;
    case Code::kInvalidArgument: conn->send(error_frame("bad_request", s.message(), std::move(extra))); return;
    default:
      spdlog::error("agent socket: {}", s.to_string());
      conn->send(error_frame("internal", "Something went wrong.", std::move(extra)));
  }
}

// The ticket page's presence frames (messenger/ticket_presence.h).
void on_ticket_frame(Runtime& rt, const AgentRef& agent, const std::shared_ptr<http::WsConnection>& conn,
                     const std::string& type, const json& frame) {
  auto ref = string_member(frame, "ref");
  if (!ref || !plausible_ticket_ref(*ref)) {
    conn->send(error_frame("bad_request", "a ticket frame needs a ticket ref"));
    return;
  }
  if (type == "ticket_view") {
    rt.ticket_presence.view(*ref, conn, agent.id, agent.name);
  } else if (type == "ticket_leave") {
    rt.ticket_presence.leave(*ref, conn->id());
  } else {
    auto on = frame.find("on");
    if (on == frame.end() || !on->is_boolean()) {
      conn->send(error_frame("bad_request", "ticket_typing needs on"));
      return;
    }
    rt.ticket_presence.typing(*ref, conn->id(), on->get<bool>());
  }
}

void on_frame(Runtime& rt, const AgentRef& agent, SerialQueue& queue, const std::shared_ptr<http::WsConnection>& conn,
              const std::string& text) {
  auto frame = read_frame(conn, text);
  if (!frame) return;
  const std::string type = (*frame)["type"];
  const auto chat_id = int_member(*frame, "chat_id");
  auto bad = [&](std::string_view why) { conn->send(error_frame("bad_request", why)); };

  if (type == "presence") {
    auto status = string_member(*frame, "status");
    if (!status || (*status != "online" && *status != "away")) return bad("presence is online or away");
    rt.hub.set_presence(agent.id, *status == "online" ? Presence::kOnline : Presence::kAway);
  } else if (type == "resume") {
    auto last_id = int_member(*frame, "last_id");
    if (!last_id || *last_id < 0) return bad("resume needs last_id >= 0");
    run_ordered(queue, conn, [&rt, agent, conn, last = *last_id] { rt.chats.agent_resume(agent, last, *conn); });
  } else if (type == "queue") {
    run_ordered(queue, conn, [&rt, conn] { rt.chats.agent_queue(*conn); });
  } else if (type == "accept" || type == "end") {
    if (!chat_id) return bad("chat_id is required");
    run_ordered(queue, conn, [&rt, agent, conn, id = *chat_id, accept = type == "accept"] {
      auto r = accept ? rt.chats.accept(agent, id) : rt.chats.agent_end(agent, id);
      if (!r.is_ok()) reply_error(conn, r.status(), {{"chat_id", id}});
    });
  } else if (type == "message") {
    auto body = string_member(*frame, "body");
    auto client_id = string_member(*frame, "client_id");
    auto text_ok = body ? clean_body(*body) : std::nullopt;
    if (!chat_id || !text_ok) return bad("a message needs chat_id and a body of 1 to 5000 characters");
    if (!client_id || !valid_client_id(*client_id)) return bad("invalid client_id");
    run_ordered(queue, conn, [&rt, agent, conn, id = *chat_id, b = std::move(*text_ok), c = std::move(*client_id)] {
      auto stored = rt.chats.agent_message(agent, id, b, c);
      if (!stored.is_ok()) return reply_error(conn, stored.status(), {{"chat_id", id}, {"client_id", c}});
      conn->send(json{{"type", "ack"}, {"client_id", c}, {"id", stored->id}, {"chat_id", id}}.dump());
    });
  } else if (type == "typing") {
    auto on = frame->find("on");
    if (!chat_id || on == frame->end() || !on->is_boolean()) return bad("typing needs chat_id and on");
    run_ordered(queue, conn,
                [&rt, agent, id = *chat_id, flag = on->get<bool>()] { (void)rt.chats.agent_typing(agent, id, flag); });
  } else if (type == "transfer") {
    auto to = int_member(*frame, "agent_id");
    if (!chat_id || !to) return bad("transfer needs chat_id and agent_id");
    run_ordered(queue, conn, [&rt, agent, conn, id = *chat_id, to = *to] {
      auto r = rt.chats.transfer(agent, id, to);
      if (!r.is_ok()) reply_error(conn, r.status(), {{"chat_id", id}});
    });
  } else if (type == "ticket_view" || type == "ticket_typing" || type == "ticket_leave") {
    on_ticket_frame(rt, agent, conn, type, *frame);
  } else {
    bad("unknown frame type");
  }
}

std::shared_ptr<http::WsSession> accept_agent(Runtime& rt, pipeline::RequestContext& ctx) {
  if (!origin_allowed(ctx.req.header("Origin"), ctx.own_origin, {})) {
    write_error(ctx, 403, "origin_refused", "The agent socket accepts only the helpdesk's own pages.");
    return nullptr;
  }
  // Defence in depth behind the route's Access check: an agent-area request
  // whose person holds an agent's role, with the session that authenticated it.
  if (ctx.area != pipeline::Area::kAgent || !ctx.person || !ctx.session ||
      !pipeline::area_admits(ctx.area, ctx.person->role)) {
    write_error(ctx, 401, "sign_in", "Sign in as an agent first.");
    return nullptr;
  }
  // Watch first, then make sure the session did not end in between.
  auto binding = SessionBinding::bind(rt.svc.sessions, *ctx.session);
  if (!rt.svc.sessions.find(session::Interface::kAgent, ctx.session->id)) {
    write_error(ctx, 401, "sign_in", "Sign in as an agent first.");
    return nullptr;
  }
  AgentRef agent{ctx.person->id, ctx.person->name.empty() ? ctx.person->email : ctx.person->name};
  auto queue = std::make_shared<SerialQueue>(rt.pool, kMaxPendingFrames);
  auto session = std::make_shared<http::WsSession>();
  session->limits = agent_socket_limits();
  session->on_open = [&rt, agent, queue, binding](const std::shared_ptr<http::WsConnection>& conn) {
    rt.hub.add_agent(agent.id, agent.name, conn);
    binding->attach(conn);
    run_ordered(*queue, conn, [&rt, agent, conn] { rt.chats.agent_welcome(agent, *conn); });
  };
  session->on_message = [&rt, agent, queue](const std::shared_ptr<http::WsConnection>& conn, std::string text) {
    on_frame(rt, agent, *queue, conn, text);
  };
  session->on_close = [&rt, agent, binding](const std::shared_ptr<http::WsConnection>& conn) {
    binding->release();
    rt.ticket_presence.leave_all(conn->id());
    rt.hub.remove_agent(agent.id, conn->id());
  };
  return session;
}

}  // namespace

void register_agent_socket(pipeline::App& app, Runtime& rt) {
  app.websocket(pipeline::Area::kAgent, "/agent/ws",
                [&rt](pipeline::RequestContext& ctx) { return accept_agent(rt, ctx); });
}

}  // namespace deskd::messenger
