#pragma once
// The request pipeline: routes plus the fixed chain of named steps every
// request passes (docs/architecture.md):
//   target (canonical path -> route -> area, language prefix; decided once) ->
//   origin (Host is one of ours, https/proxy, client address) -> network
//   (staff areas: the client's address is in the area's allow-list) -> cookies and
//   consent policy -> visitor -> session and person -> language -> remember-me ->
//   body + CSRF -> authorization (the route's Access in its area) -> handler ->
//   Set-Cookie from the jar, cache headers, metrics, access log.
// The area of a request is the area of the route that answers it, never a
// reading of the path string; the session read is that area's. Requests run on
// the worker pool; routes marked inline_ok (static files, /healthz) answer on
// the I/O thread, and so does a Help Center GET when its route's try_inline
// can answer it from memory, for a visitor who is not signed in or whose
// session and person are in memory (SessionManager::peek, PersonCache).
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "core/thread_pool.h"
#include "http/message.h"
#include "http/path.h"
#include "http/router.h"
#include "http/websocket.h"
#include "pipeline/context.h"
#include "pipeline/own_hosts.h"
#include "pipeline/person_cache.h"

namespace deskd::pipeline {

using HandlerFn = std::function<void(RequestContext&)>;
// The in-memory variant of a GET handler, tried on the I/O thread for a request
// whose steps before it need no storage (no session cookie of another area;
// its own area's session and person in memory; no Remember-Me sign-in).
// Returns true after answering into ctx.res; returns false, having changed
// nothing outside ctx, when the answer needs storage — the request then runs
// again from the start on the worker pool with the route's handler.
using InlineFn = std::function<bool(RequestContext&)>;
// Re-renders a form page from ctx.form (what the person typed) with a notice
// (catalog key); used when a post fails the CSRF or origin check.
using RerenderFn = std::function<void(RequestContext&, std::string_view notice_key, int status)>;

// Accepts a WebSocket upgrade after the middleware chain ran (session, person,
// language are known): returns the session to run, or nullptr after writing a
// refusal into ctx.res. Must check the Origin itself (cookie-authenticated
// sockets must accept only the helpdesk's own origin).
using WsAcceptFn = std::function<std::shared_ptr<http::WsSession>(RequestContext&)>;

// How many files of tickets.attachment_max_bytes one multipart request may
// carry in total, and how many file parts it may have.
inline constexpr size_t kMultipartFileBudget = 4;
inline constexpr size_t kMaxFilesPerRequest = 10;

// Who may run a route's handler; checked by the pipeline after the session of
// the route's area is known, before the handler runs.
enum class Access {
  kAreaDefault,  // kMember on /agent and /admin, kApiKey on /api, kAnyone elsewhere
  kAnyone,       // login forms, public pages, the Messenger API (which authenticates itself)
  kMember,       // a signed-in person whose role the route's area admits (area_admits)
  kApiKey,       // Area::kApi only: a live API key (Authorization: Bearer) holding Route::scope
};

struct Route {
  std::string pattern;
  Area area = Area::kPortal;
  Access access = Access::kAreaDefault;
  HandlerFn handle;
  RerenderFn rerender;
  size_t body_limit = 0;   // 0 = limits.max_form_body_bytes
  // Also takes multipart/form-data (files land in ctx.files; everything else
  // answers 415). Its body may then be larger by kMultipartFileBudget times
  // tickets.attachment_max_bytes.
  bool multipart = false;
  bool inline_ok = false;  // never blocks: runs on the I/O thread (ops area only)
  InlineFn try_inline;     // optional, GET only: see InlineFn
  WsAcceptFn websocket;    // set for WebSocket endpoints (GET with Upgrade)
  // Access::kApiKey: the scope the key must hold (required there, unused elsewhere).
  std::optional<storage::ApiScope> scope;
};

// What step 1 decided about a request, before any other step runs: the
// canonical path, the route that answers and so the area. Computed once per
// request (on the I/O thread: no I/O, no locks).
struct Target {
  http::PathForm form = http::PathForm::kInvalid;
  std::string canonical;  // with kNonCanonical: where to redirect (still percent-encoded)
  http::Router<Route>::Match match;
  std::string path;  // decoded path without a language prefix
  std::string lang;  // the language prefix's language, or ""
  Area area = Area::kPortal;
};

class App {
 public:
  App(Services& services, ThreadPool& pool);

  void get(Area area, std::string pattern, HandlerFn fn, InlineFn try_inline = {});
  void post(Area area, std::string pattern, HandlerFn fn, RerenderFn rerender = {});
  // A WebSocket endpoint at GET `pattern`; a plain GET there answers 426.
  void websocket(Area area, std::string pattern, WsAcceptFn accept);
  // What `area` adds to the layout of its pages (see LayoutPart). Before serving.
  void add_layout_part(Area area, LayoutPart part);
  // Registers a route. Throws std::logic_error at start-up when the pattern
  // does not lie in its area's URL space (/agent, /admin, /messenger, /api;
  // ops and portal elsewhere), when an /api route is neither Access::kApiKey
  // with a scope nor kAnyone (the public OpenAPI document), or a kApiKey route
  // lies elsewhere: URL layout and authorization must agree.
  void add(std::string method, Route route);
  // Where a request that fails a kMember check in `area` is sent to sign in.
  void set_login_path(Area area, std::string path);
  // One line per route, sorted: "METHOD PATTERN AREA ACCESS[ websocket]";
  // ACCESS is "anyone", "member" or "key:<scope>".
  std::vector<std::string> describe_routes() const;
  // The address the server bound ("HOST:PORT"), before it accepts connections.
  void set_listen_address(std::string_view host_port);

  // A request's answer: answer_now, else run_on_worker.
  void handle(http::Request req, http::Responder done);
  // On the I/O thread: the answer of an inline_ok route, or of a Help Center
  // GET whose page is in memory (Route::try_inline) for a visitor who is not
  // signed in or whose session and person are in memory; nullopt when the
  // request needs a worker.
  std::optional<http::Response> answer_now(const http::Request& req);
  // Runs the request on the worker pool (503 when its queue is full).
  void run_on_worker(http::Request req, http::Responder done);
  size_t body_limit(std::string_view method, std::string_view path) const;
  // 400/408/413/431 page for the connection layer (no session, no storage).
  http::Response protocol_error_page(int status, const http::Request& head) const;

 private:
  Target find_target(const http::Request& req) const;
  // Runs the chain and finalizes the answer. With `inline_attempt` (on the I/O
  // thread) the route's try_inline replaces its handler, and nullopt means
  // "run it again on the worker pool".
  std::optional<http::Response> process(const http::Request& req, const Target& target, bool inline_attempt);
  // Returns false only when an inline attempt declined the request.
  bool run_chain(RequestContext& ctx, const Target& target, bool inline_attempt);
  // The steps, in order; each returns false after answering the request.
  bool apply_target(RequestContext& ctx, const Target& target);
  bool check_origin_of_request(RequestContext& ctx);
  bool check_network(RequestContext& ctx);
  void run_messenger(RequestContext& ctx, const Target& target);
  void run_api(RequestContext& ctx, const Target& target);
  bool authenticate_api_key(RequestContext& ctx, const Route& route);
  void read_cookies(RequestContext& ctx);
  void assign_visitor(RequestContext& ctx);
  void load_session(RequestContext& ctx);
  bool peek_session(RequestContext& ctx);
  void resolve_language(RequestContext& ctx);
  bool read_form_body(RequestContext& ctx, const Route& route);
  bool check_unsafe_request(RequestContext& ctx, const Route& route);
  bool authorize(RequestContext& ctx, const Route& route);
  void run_route(RequestContext& ctx, const Route& route);
  void finalize(RequestContext& ctx);

  Services& svc_;
  ThreadPool& pool_;
  http::Router<Route> router_;
  OwnHosts own_hosts_;
  PersonCache people_;  // for peek_session; dropped by process() after changes
  std::map<Area, std::string> login_paths_;
};

// Renders the localized error page for `status` into ctx.res (under /api/:
// the JSON error object instead, see json_answer.h).
void render_error(RequestContext& ctx, int status, std::string_view message_key = {});
// The same page with `message`, already in the visitor's language.
void render_error_text(RequestContext& ctx, int status, std::string_view message);
// The 403 answer for a post without a valid CSRF token (or from another
// origin) on a route with no form of its own: every field the person typed
// (never passwords) in an editable form with a fresh token.
void render_resubmit(RequestContext& ctx, std::string_view notice_key);
// Maps a failed Status to an HTTP answer (page in the visitor's language).
void render_status(RequestContext& ctx, const Status& status);

}  // namespace deskd::pipeline
