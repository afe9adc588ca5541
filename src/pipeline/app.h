#pragma once
// The request pipeline: routes plus the fixed middleware chain every request
// passes (docs/architecture.md):
//   classify (area, route, language prefix) -> https/proxy -> cookies ->
//   consent policy -> visitor -> session -> person -> remember-me -> language -> body + CSRF
//   -> handler -> Set-Cookie from the jar, cache headers, metrics, access log.
// Requests run on the worker pool; static files and /healthz answer inline.
#include <functional>
#include <string>

#include "core/thread_pool.h"
#include "http/message.h"
#include "http/router.h"
#include "http/websocket.h"
#include "pipeline/context.h"

namespace deskd::pipeline {

using HandlerFn = std::function<void(RequestContext&)>;
// Re-renders a form page from ctx.form (what the person typed) with a notice
// (catalog key); used when a post fails the CSRF or origin check.
using RerenderFn = std::function<void(RequestContext&, std::string_view notice_key, int status)>;

// Accepts a WebSocket upgrade after the middleware chain ran (session, person,
// language are known): returns the session to run, or nullptr after writing a
// refusal into ctx.res. Must check the Origin itself (cookie-authenticated
// sockets must accept only the helpdesk's own origin).
using WsAcceptFn = std::function<std::shared_ptr<http::WsSession>(RequestContext&)>;

struct Route {
  std::string pattern;
  Area area = Area::kPortal;
  HandlerFn handle;
  RerenderFn rerender;
  size_t body_limit = 0;   // 0 = limits.max_form_body_bytes
  bool inline_ok = false;  // never blocks: may run on the I/O thread
  WsAcceptFn websocket;    // set for WebSocket endpoints (GET with Upgrade)
};

class App {
 public:
  App(Services& services, ThreadPool& pool);

  void get(Area area, std::string pattern, HandlerFn fn);
  void post(Area area, std::string pattern, HandlerFn fn, RerenderFn rerender = {});
  // A WebSocket endpoint at GET `pattern`; a plain GET there answers 426.
  void websocket(Area area, std::string pattern, WsAcceptFn accept);
  void add(std::string method, Route route);

  // The http::Handler for the server.
  void handle(http::Request req, http::Responder done);
  size_t body_limit(std::string_view method, std::string_view path) const;
  // 400/408/413/431 page for the connection layer (no session, no storage).
  http::Response protocol_error_page(int status, const http::Request& head) const;

 private:
  http::Response process(const http::Request& req);
  void run_chain(RequestContext& ctx, const http::Router<Route>::Match& match);
  void run_route(RequestContext& ctx, const Route& route);
  void finalize(RequestContext& ctx);

  Services& svc_;
  ThreadPool& pool_;
  http::Router<Route> router_;
};

// Renders the localized error page for `status` into ctx.res.
void render_error(RequestContext& ctx, int status, std::string_view message_key = {});
// The 403 answer for a post without a valid CSRF token (or from another
// origin) on a route with no form of its own: every field the person typed
// (never passwords) in an editable form with a fresh token.
void render_resubmit(RequestContext& ctx, std::string_view notice_key);
// Maps a failed Status to an HTTP answer (page in the visitor's language).
void render_status(RequestContext& ctx, const Status& status);

}  // namespace deskd::pipeline
