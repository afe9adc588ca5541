#include "pipeline/app.h"
#include "core/degraded.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>

#include "core/crypto.h"
#include "core/log_text.h"
#include "core/text.h"
#include "i18n/resolve.h"
#include "pipeline/json_answer.h"
#include "pipeline/remember_login.h"
#include "pipeline/render.h"
#include "security/api_key.h"
#include "security/origin_check.h"

namespace deskd::pipeline {
namespace {

using cookies::CookieId;

// The URL space each area's routes must lie in (checked once, at registration).
Area url_space_of(std::string_view pattern) {
  auto under = [&](std::string_view prefix) {
    return pattern == prefix || (pattern.starts_with(prefix) && pattern[prefix.size()] == '/');
  };
  if (under("/agent")) return Area::kAgent;
  if (under("/admin")) return Area::kAdmin;
  if (under("/messenger")) return Area::kMessenger;
  if (under("/api")) return Area::kApi;
  if (pattern == "/healthz" || pattern == "/metrics" || under("/static")) return Area::kOps;
  return Area::kPortal;
}

// The area answering a path no route matched: the staff areas and the API
// keep their URL space; everything else gets the Help Center's 404.
Area unmatched_area(std::string_view path) {
  const Area space = url_space_of(path);
  return space == Area::kApi || space == Area::kAgent || space == Area::kAdmin ? space : Area::kPortal;
}

session::Interface interface_of(Area a) {
  return a == Area::kAgent   ? session::Interface::kAgent
         : a == Area::kAdmin ? session::Interface::kAdmin
                             : session::Interface::kPortal;
}

bool contains(const std::vector<std::string>& list, std::string_view v) {
  for (const auto& x : list)
    if (x == v) return true;
  return false;
}

std::string_view first_token(std::string_view list) {
  size_t comma = list.find(',');
  std::string_view t = list.substr(0, comma);
  while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
  return t;
}

// The client address: the peer, or, behind trusted proxies, the right-most
// X-Forwarded-For entry that is not itself a trusted proxy. Several
// X-Forwarded-For lines are one list in arrival order (RFC 9110 §5.3): a proxy
// that adds its own line after the client's must still be read from the right.
std::string client_address(const http::Request& req, const std::vector<std::string>& trusted) {
  if (!contains(trusted, req.peer_ip)) return req.peer_ip;
  std::string joined;
  std::string_view xff = req.header("X-Forwarded-For");
  if (const auto lines = req.header_values("X-Forwarded-For"); lines.size() > 1) {
    for (std::string_view line : lines) {
      if (!joined.empty()) joined += ',';
      joined += line;
    }
    xff = joined;
  }
  std::string best = req.peer_ip;
  while (!xff.empty()) {
    size_t comma = xff.rfind(',');
    std::string_view item = comma == std::string_view::npos ? xff : xff.substr(comma + 1);
    xff = comma == std::string_view::npos ? std::string_view() : xff.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.empty() || item.size() > 64) break;
    best = std::string(item);
    if (!contains(trusted, item)) break;
  }
  return best;
}

// The language of an answer given before cookies and sessions are read:
// Accept-Language, else the default.
std::string early_language(const RequestContext& ctx) {
  const auto& settings = *ctx.settings;
  return i18n::negotiate(ctx.req.header("Accept-Language"), {settings.languages, settings.default_language})
      .value_or(settings.default_language);
}

// security::origin_of_url(url), remembered for the last URL this thread asked
// about: every request asks, and a server is reached under one or two names.
std::string origin_of(const std::string& url) {
  thread_local std::string last_url, last_origin;
  if (url != last_url || last_url.empty()) {
    last_origin = security::origin_of_url(url);
    last_url = url;
  }
  return last_origin;
}

// A Host that is not ours is logged at most once a minute (with the value
// escaped): enough for the operator to learn what to configure, no log flood.
void log_refused_host(std::string_view host) {
  static std::atomic<int64_t> last_log_s{0};
  const int64_t now_s =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
  int64_t last = last_log_s.load();
  if (now_s - last < 60 || !last_log_s.compare_exchange_strong(last, now_s)) return;
  spdlog::warn(
      "refused Host \"{}\": not one of this helpdesk's names; if it is, add it to server.allowed_hosts "
      "(or set server.public_url)",
      log_text(host));
}

// An inline attempt is made only where no step before the handler needs
// storage: a GET of a route with try_inline (all on the portal), without the
// session cookie of another area, whose CSRF binding would be looked up
// (whatever the configured cookie prefix, their names contain these stems, so
// a match here is conservative). The portal session, its person and a
// Remember-Me cookie are checked by App::peek_session.
bool may_answer_inline(const http::Request& req, const Target& target) {
  if (!target.match.route || !target.match.route->try_inline || req.method != "GET" || req.websocket_upgrade)
    return false;
  for (std::string_view cookie : req.header_values("Cookie")) {
    if (cookie.find("dpsid-agent") != std::string_view::npos || cookie.find("dpsid-admin") != std::string_view::npos)
      return false;
  }
  return true;
}

// A cookie the browser sent is deleted (a malformed value is treated as absent
// and cleared, SPEC §1); a later set() in this response replaces the deletion.
void clear_if_sent(RequestContext& ctx, CookieId id) {
  if (ctx.cookies.sent(ctx.cookie_wire_name(id))) ctx.jar.clear(id);
}

}  // namespace

App::App(Services& services, ThreadPool& pool)
    : svc_(services),
      pool_(pool),
      own_hosts_(services.config.public_url, services.config.allowed_hosts),
      people_(services.clock) {}

void App::add_layout_part(Area area, LayoutPart part) {
  svc_.layout_parts[area].push_back(std::move(part));
}

void App::add(std::string method, Route route) {
  if (url_space_of(route.pattern) != route.area)
    throw std::logic_error("route " + route.pattern + " is registered outside its area's URL space");
  const bool api = route.area == Area::kApi;
  if ((route.access == Access::kApiKey && (!api || !route.scope)) ||
      (api && route.access != Access::kApiKey && route.access != Access::kAnyone))
    throw std::logic_error("route " + route.pattern +
                           ": API keys (with a scope) are taken under /api only, and /api takes nothing else");
  if (route.access == Access::kAreaDefault)
    route.access = route.area == Area::kAgent || route.area == Area::kAdmin ? Access::kMember
                   : route.area == Area::kApi                               ? Access::kApiKey
                                                                            : Access::kAnyone;
  std::string pattern = route.pattern;
  router_.add(std::move(method), pattern, std::move(route));
}

void App::get(Area area, std::string pattern, HandlerFn fn, InlineFn try_inline) {
  Route r;
  r.pattern = pattern;
  r.area = area;
  r.handle = std::move(fn);
  r.try_inline = std::move(try_inline);
  add("GET", std::move(r));
}

void App::post(Area area, std::string pattern, HandlerFn fn, RerenderFn rerender) {
  Route r;
  r.pattern = pattern;
  r.area = area;
  r.handle = std::move(fn);
  r.rerender = std::move(rerender);
  add("POST", std::move(r));
}

void App::websocket(Area area, std::string pattern, WsAcceptFn accept) {
  Route r;
  r.pattern = pattern;
  r.area = area;
  r.websocket = std::move(accept);
  add("GET", std::move(r));
}

std::vector<std::string> App::describe_routes() const {
  std::vector<std::string> lines;
  router_.each([&](const std::string& method, const Route& r) {
    const std::string access = r.access == Access::kMember   ? "member"
                               : r.access == Access::kApiKey ? std::string("key:") + storage::api_scope_name(*r.scope)
                                                             : "anyone";
    lines.push_back(method + " " + r.pattern + " " + interface_label(r.area) + " " + access +
                    (r.websocket ? " websocket" : ""));
  });
  std::sort(lines.begin(), lines.end());
  return lines;
}

void App::set_login_path(Area area, std::string path) {
  login_paths_[area] = std::move(path);
}

void App::set_listen_address(std::string_view host_port) {
  own_hosts_.set_listen_address(host_port);
  if (svc_.config.public_url.empty())
    spdlog::warn("server.public_url is not set: links in e-mails and the Messenger use {}", own_hosts_.listen_origin());
}

Target App::find_target(const http::Request& req) const {
  Target t;
  const std::string_view target = req.target;
  auto canonical = http::canonicalize_path(target.substr(0, target.find('?')));
  t.form = canonical.form;
  if (t.form != http::PathForm::kCanonical) {
    t.canonical = std::move(canonical.path);
    if (url_space_of(target.substr(0, target.find('?'))) == Area::kApi) t.area = Area::kApi;
    return t;
  }
  t.path = std::move(canonical.path);
  // A language prefix (/da/kb) names the language of a Help Center page: only a
  // portal route answers under it.
  auto settings = svc_.settings.get();
  if (auto prefix = i18n::strip_language_prefix(t.path, {settings->languages, settings->default_language})) {
    t.match = router_.find(req.method, prefix->rest);
    if (t.match.route && t.match.route->area != Area::kPortal) t.match = {};
    t.path = std::move(prefix->rest);
    t.lang = std::move(prefix->lang);
  } else {
    t.match = router_.find(req.method, t.path);
  }
  // An unmatched path under /api/ is still the API's (it answers in JSON), and
  // one under /agent/ or /admin/ still that area's, so its allow-list refuses
  // outsiders before a 404 or 405 could tell them which staff routes exist.
  t.area = t.match.route ? t.match.route->area : unmatched_area(t.path);
  return t;
}

size_t App::body_limit(std::string_view method, std::string_view raw_path) const {
  http::Request probe;
  probe.method = std::string(method);
  probe.target = std::string(raw_path);
  const Target t = find_target(probe);
  if (!t.match.route) return svc_.config.limits.max_form_body_bytes;
  const Route& route = *t.match.route;
  const size_t base = route.body_limit ? route.body_limit : svc_.config.limits.max_form_body_bytes;
  if (!route.multipart) return base;
  return base + kMultipartFileBudget * static_cast<size_t>(svc_.settings.get()->attachment_max_bytes);
}

void App::handle(http::Request req, http::Responder done) {
  if (auto res = answer_now(req)) {
    done(std::move(*res));
    return;
  }
  run_on_worker(std::move(req), std::move(done));
}

std::optional<http::Response> App::answer_now(const http::Request& req) {
  const Target target = find_target(req);
  // Static files and /healthz never block.
  if (target.match.route && target.match.route->inline_ok) return process(req, target, false);
  // A Help Center page for a visitor whose session (if any) and its parts
  // are in memory; else the worker runs it from the start.
  if (may_answer_inline(req, target)) return process(req, target, true);
  return std::nullopt;
}

void App::run_on_worker(http::Request req, http::Responder done) {
  Target target = find_target(req);
  struct Job {
    http::Request req;
    http::Responder done;
    Target target;
  };
  auto job = std::make_shared<Job>(Job{std::move(req), std::move(done), std::move(target)});
  bool queued = pool_.submit([this, job] { job->done(*process(job->req, job->target, false)); });
  if (!queued) {
    http::Response res;
    res.status = 503;
    res.set_header("Content-Type", "text/plain; charset=utf-8");
    res.set_header("Retry-After", "1");
    res.body = "Service unavailable: the server is overloaded. Please retry.\n";
    job->done(std::move(res));
  }
}

std::optional<http::Response> App::process(const http::Request& req, const Target& target, bool inline_attempt) {
  const auto start = std::chrono::steady_clock::now();
  RequestContext ctx(req, svc_);
  try {
    if (!run_chain(ctx, target, inline_attempt)) return std::nullopt;
  } catch (const std::exception& e) {
    spdlog::error("request {} {} failed: {}", log_text(req.method), log_text(req.target), log_text(e.what()));
    ctx.res = http::Response{};
    ctx.res.status = 500;
    ctx.res.set_header("Content-Type", "text/plain; charset=utf-8");
    ctx.res.body = "Something went wrong. Please try again.\n";
    if (ctx.area == Area::kApi) answer_api_error(ctx, 500);
  }
  // A request that may have changed a person (a profile, a role, an account's
  // state, a saved language) drops the people the I/O thread answers with.
  if (!inline_attempt && ctx.area != Area::kMessenger && (ctx.people_changed || !security::is_safe_method(req.method)))
    people_.clear();
  finalize(ctx);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  svc_.metrics.observe(ctx.route.empty() ? "unmatched" : ctx.route, ctx.res.status, seconds);
  // The access log line; its escaped fields are built only when it is written.
  if (spdlog::should_log(spdlog::level::info))
    spdlog::info("{} {} {} {} {:.2f}ms", log_text(ctx.client_ip.empty() ? req.peer_ip : ctx.client_ip),
                 log_text(req.method), log_text(req.target), ctx.res.status, seconds * 1000);
  return std::move(ctx.res);
}

bool App::run_chain(RequestContext& ctx, const Target& target, bool inline_attempt) {
  if (!apply_target(ctx, target)) return true;
  const Route* route = target.match.route;
  if (ctx.area == Area::kOps) {
    ctx.client_ip = client_address(ctx.req, svc_.config.trusted_proxies);  // /metrics answers by it
    route->handle(ctx);
    return true;
  }
  if (!check_origin_of_request(ctx)) return true;
  if (!check_network(ctx)) return true;
  if (ctx.area == Area::kMessenger) {
    run_messenger(ctx, target);
    return true;
  }
  if (ctx.area == Area::kApi) {
    run_api(ctx, target);
    return true;
  }
  read_cookies(ctx);
  assign_visitor(ctx);
  if (inline_attempt) {
    if (!peek_session(ctx)) return false;
  } else {
    load_session(ctx);
  }
  resolve_language(ctx);
  const bool had_person = ctx.person.has_value();
  remember_login(ctx);
  if (!had_person && ctx.person) resolve_language(ctx);  // the person's saved language now counts
  if (!route) {
    render_error(ctx, target.match.method_mismatch ? 405 : 404);
    if (target.match.method_mismatch) ctx.res.set_header("Allow", target.match.allow);
    return true;
  }
  ctx.query = http::parse_urlencoded(ctx.req.query).value_or(http::Form{});
  if (!check_unsafe_request(ctx, *route)) return true;
  if (!authorize(ctx, *route)) return true;
  if (inline_attempt) return route->try_inline(ctx);
  run_route(ctx, *route);
  return true;
}

// Step 1: the target decided before anything else ran. A path with no
// canonical reading gets 400; a non-canonical spelling of a safe request is
// redirected to the canonical path (308), of an unsafe one refused (400).
bool App::apply_target(RequestContext& ctx, const Target& target) {
  ctx.area = target.area;
  ctx.iface = interface_of(target.area);
  ctx.path = target.path;
  if (const Route* route = target.match.route) {
    ctx.route = route->pattern;
    ctx.params = target.match.params;
  }
  if (target.form == http::PathForm::kCanonical) {
    ctx.lang = target.lang;
    ctx.lang_from_prefix = !target.lang.empty();
    return true;
  }
  ctx.lang = early_language(ctx);
  if (target.form == http::PathForm::kNonCanonical && security::is_safe_method(ctx.req.method)) {
    ctx.route = "non-canonical";
    ctx.redirect(target.canonical + (ctx.req.query.empty() ? "" : "?" + ctx.req.query), 308);
    return false;
  }
  ctx.route = "non-canonical";
  render_error(ctx, 400, "error.bad_path");
  return false;
}

// Step 2: the request is for one of our names; HTTPS and the client address
// (X-Forwarded-* only from trusted proxies); the origin the browser sees and
// the one absolute URLs are built from.
bool App::check_origin_of_request(RequestContext& ctx) {
  const http::Request& req = ctx.req;
  const bool trusted_peer = contains(svc_.config.trusted_proxies, req.peer_ip);
  ctx.https = trusted_peer && http::iequals(first_token(req.header("X-Forwarded-Proto")), "https");
  ctx.client_ip = client_address(req, svc_.config.trusted_proxies);
  const std::string_view host = req.header("Host");
  if (!host.empty() && !own_hosts_.admits(host)) {
    log_refused_host(host);
    if (ctx.lang.empty()) ctx.lang = early_language(ctx);
    render_error(ctx, 400, "error.unknown_host");
    return false;
  }
  if (!svc_.config.public_url.empty()) {
    ctx.own_origin = origin_of(svc_.config.public_url);
    ctx.public_origin = ctx.own_origin;
    // Behind a trusted TLS proxy that omits X-Forwarded-Proto, the public URL tells the scheme.
    if (trusted_peer && ctx.own_origin.starts_with("https://")) ctx.https = true;
    return true;
  }
  ctx.public_origin = own_hosts_.listen_origin();
  if (host.empty()) {
    ctx.own_origin = ctx.public_origin;
  } else {
    std::string url = ctx.https ? "https://" : "http://";
    url += host;
    url += '/';
    ctx.own_origin = origin_of(url);
  }
  return true;
}

// Step 2b: the Agent and Admin areas (sign-in and WebSockets included) answer
// only clients from their allow-listed networks (security.agent_networks,
// security.admin_networks; empty = anywhere), by the trusted-proxy-aware address.
bool App::check_network(RequestContext& ctx) {
  const NetworkList* allowed = ctx.area == Area::kAgent   ? &ctx.settings->agent_networks
                               : ctx.area == Area::kAdmin ? &ctx.settings->admin_networks
                                                          : nullptr;
  if (!allowed || allowed->empty() || allowed->contains(ctx.client_ip)) return true;
  spdlog::warn("{} area refused to {}: not in its allowed networks", interface_label(ctx.area),
               log_text(ctx.client_ip));
  if (ctx.lang.empty()) ctx.lang = early_language(ctx);
  render_error(ctx, 403, "error.network");
  return false;
}

// The cross-origin Messenger API: no cookies in or out, no CSRF (nothing
// ambient to forge); its handlers authenticate the visitor themselves.
void App::run_messenger(RequestContext& ctx, const Target& target) {
  const auto& settings = *ctx.settings;
  cookies::JarPolicy none;
  none.optional_allowed = false;
  ctx.jar.set_policy(none);
  ctx.query = http::parse_urlencoded(ctx.req.query).value_or(http::Form{});
  i18n::ResolveInput in;
  in.path = ctx.path;
  in.accept_language = ctx.req.header("Accept-Language");
  if (auto wanted = ctx.query.get("lang"); !wanted.empty()) in.cookie = wanted;
  ctx.lang = i18n::resolve(in, {settings.languages, settings.default_language}).lang;
  run_route(ctx, *target.match.route);
}

// The REST API: no cookies in or out (a session cookie never authenticates
// here), no CSRF (nothing ambient to forge); the route's API key check, then
// the handler. Unknown paths and methods answer JSON too.
void App::run_api(RequestContext& ctx, const Target& target) {
  cookies::JarPolicy none;
  none.optional_allowed = false;
  ctx.jar.set_policy(none);
  ctx.lang = svc_.catalogs.default_language();
  const Route* route = target.match.route;
  if (!route) {
    if (target.match.method_mismatch) {
      answer_api_error(ctx, 405, "this path does not take " + ctx.req.method);
      ctx.res.set_header("Allow", target.match.allow);
    } else {
      answer_api_error(ctx, 404, "no such API endpoint");
    }
    return;
  }
  auto query = http::parse_urlencoded(ctx.req.query);
  if (!query) return answer_api_error(ctx, 400, "malformed query string");
  ctx.query = std::move(*query);
  if (route->access == Access::kApiKey && !authenticate_api_key(ctx, *route)) return;
  route->handle(ctx);
}

// Access::kApiKey, decided here once for every API handler: a well-formed
// bearer key that exists, is neither revoked nor expired (401), within its
// rate limit (429) and holds the route's scope (403). Records the key's last
// use at most once a minute.
bool App::authenticate_api_key(RequestContext& ctx, const Route& route) {
  auto refuse = [&](int status, std::string_view message) {
    answer_api_error(ctx, status, message);
    if (status == 401) ctx.res.set_header("WWW-Authenticate", "Bearer realm=\"deskd\", error=\"invalid_token\"");
    return false;
  };
  const std::string_view authorization = ctx.req.header("Authorization");
  if (authorization.empty()) return refuse(401, "an API key is required: Authorization: Bearer dk_...");
  std::optional<std::string_view> key = security::bearer_api_key(authorization);
  if (!key) return refuse(401, "malformed API key");
  const std::string hash = security::api_key_hash(*key);
  Result<storage::ApiKey> found = svc_.storage.api_keys().find_by_hash(hash);
  if (!found) {
    if (found.status().code() == Code::kNotFound) return refuse(401, "unknown API key");
    render_status(ctx, found.status());
    return false;
  }
  if (!constant_time_equal(found->key_hash, hash)) return refuse(401, "unknown API key");
  const int64_t now = svc_.clock.now_ms();
  if (found->revoked_ms != 0) return refuse(401, "this API key was revoked");
  if (!found->usable_at(now)) return refuse(401, "this API key has expired");
  if (auto decision = svc_.rate_limits.api_keys.hit(std::to_string(found->id)); !decision.allowed) {
    answer_api_error(ctx, 429, "rate limit of this API key exceeded; retry later");
    ctx.res.set_header("Retry-After", std::to_string(decision.retry_after_s()));
    return false;
  }
  if (!route.scope || !found->has_scope(*route.scope))
    return refuse(403, std::string("this API key lacks the scope ") +
                           (route.scope ? storage::api_scope_name(*route.scope) : "required here"));
  if (now - found->last_used_ms >= 60 * 1000) {
    ok_or_degraded(Degraded::kApiLastUseNotSaved, svc_.storage.api_keys().touch(found->id, now),
                   "recording an API key's last use");
  }
  ctx.api_key = std::move(*found);
  return true;
}

// Step 3: cookies, and the policy every Set-Cookie of this response follows.
void App::read_cookies(RequestContext& ctx) {
  const auto& settings = *ctx.settings;
  ctx.cookies = cookies::RequestCookies::parse(ctx.req.header_values("Cookie"));
  cookies::JarPolicy policy;
  policy.secure = ctx.https;
  policy.prefix = settings.cookie_prefix;
  policy.optional_allowed = settings.optional_cookies == OptionalCookies::kOn;
  ctx.jar.set_policy(policy);
  if (settings.optional_cookies == OptionalCookies::kConsent) {
    auto consent = ctx.cookie(CookieId::kConsent, [](std::string_view v) { return v == "all" || v == "essential"; });
    policy.optional_allowed = consent && *consent == "all";
    ctx.jar.set_policy(policy);
    if (!consent) clear_if_sent(ctx, CookieId::kConsent);  // a value no choice ever gave
  }
  if (!ctx.cookie(CookieId::kCsrf, security::Csrf::well_formed_cookie)) clear_if_sent(ctx, CookieId::kCsrf);
  if (!policy.optional_allowed) {
    // Declined or not (yet) accepted: optional cookies the browser still holds are deleted.
    for (CookieId id : {CookieId::kRememberMe, CookieId::kVisitor}) clear_if_sent(ctx, id);
  }
}

// Step 4: the visitor token (Help Center only); known before any sign-in so a
// Remember-Me sign-in attaches the visitor's history too.
void App::assign_visitor(RequestContext& ctx) {
  if (ctx.area != Area::kPortal || !ctx.optional_cookies_allowed()) return;
  // Only an id this server issued (its MAC checks out) is kept; anything else is replaced.
  const auto issued = [this](std::string_view v) { return svc_.visitor_tokens.valid(v); };
  if (auto v = ctx.cookie(CookieId::kVisitor, issued)) {
    ctx.visitor = std::string(*v);
  } else {
    ctx.visitor = svc_.visitor_tokens.issue(svc_.random);
    ctx.jar.set(CookieId::kVisitor, *ctx.visitor);
  }
}

// Step 5: the session of the route's area (never another area's cookie), and
// its person, who must hold a role that area admits.
void App::load_session(RequestContext& ctx) {
  const CookieId session_id = session::session_cookie(ctx.iface);
  if (auto id = ctx.cookie(session_id, session::SessionManager::well_formed_id)) {
    ctx.session = svc_.sessions.find(ctx.iface, *id);
  }
  if (ctx.session && ctx.session->person_id != 0) {
    const uint64_t epoch = people_.epoch();
    auto person = svc_.storage.people().find_by_id(ctx.session->person_id);
    if (person.is_ok() && !person->disabled && area_admits(ctx.area, person->role)) {
      people_.put(*person, epoch);
      ctx.person = std::move(*person);
    } else {
      ok_or_degraded(Degraded::kSessionEndFailed, svc_.sessions.destroy(*ctx.session),
                     "ending the session of a person no longer admitted");
      ctx.session.reset();
    }
  }
  if (!ctx.session && ctx.cookies.sent(ctx.cookie_wire_name(session_id))) ctx.jar.clear(session_id);
}

// Step 5 on the I/O thread (an inline attempt): the portal session and its
// person from memory only (SessionManager::peek, people_). False — the worker
// then runs the request from the start — when either is not in memory, when
// the session holds a flash message (showing it writes the session), or when
// there is no session but a Remember-Me cookie (its sign-in writes storage).
bool App::peek_session(RequestContext& ctx) {
  const CookieId session_id = session::session_cookie(ctx.iface);
  if (!ctx.cookies.sent(ctx.cookie_wire_name(session_id)))
    return !ctx.cookies.sent(ctx.cookie_wire_name(CookieId::kRememberMe));
  auto id = ctx.cookie(session_id, session::SessionManager::well_formed_id);
  if (!id) return false;
  ctx.session = svc_.sessions.peek(ctx.iface, *id);
  if (!ctx.session || ctx.session->data.find("\"flash\"") != std::string::npos) return false;
  if (ctx.session->person_id != 0) {
    auto person = people_.peek(ctx.session->person_id);
    if (!person || person->disabled || !area_admits(ctx.area, person->role)) return false;
    ctx.person = std::move(*person);
  }
  return true;
}

// Step 6: URL prefix > person > dp_last_lang > Accept-Language > default.
void App::resolve_language(RequestContext& ctx) {
  const auto& settings = *ctx.settings;
  auto lang_cookie =
      ctx.cookie(CookieId::kLastLang, [&](std::string_view v) { return contains(settings.languages, v); });
  if (!lang_cookie && ctx.cookies.sent(ctx.cookie_wire_name(CookieId::kLastLang))) ctx.jar.clear(CookieId::kLastLang);
  if (!ctx.lang_from_prefix) {
    i18n::ResolveInput in;
    in.path = ctx.path;
    if (ctx.person && !ctx.person->language.empty()) in.person = ctx.person->language;
    in.cookie = lang_cookie;
    in.accept_language = ctx.req.header("Accept-Language");
    ctx.lang = i18n::resolve(in, {settings.languages, settings.default_language}).lang;
  }
  if (!svc_.catalogs.has_language(ctx.lang)) ctx.lang = svc_.catalogs.default_language();
}

// The body of an unsafe request: urlencoded everywhere, multipart/form-data
// only where the route says so (415 elsewhere). Answers 400/413/415 and
// returns false when the body cannot be read.
bool App::read_form_body(RequestContext& ctx, const Route& route) {
  const http::Request& req = ctx.req;
  std::string_view type = req.header("Content-Type");
  if (route.multipart && http::is_multipart_form_data(type)) {
    const std::optional<std::string> boundary = http::form_data_boundary(type);
    if (!boundary) {
      render_error(ctx, 400, "error.invalid_form");
      return false;
    }
    http::MultipartLimits limits;
    limits.max_files = kMaxFilesPerRequest;
    limits.max_field_bytes = route.body_limit ? route.body_limit : svc_.config.limits.max_form_body_bytes;
    http::MultipartResult parsed = http::parse_multipart(req.body, *boundary, limits);
    if (!parsed.form) {
      spdlog::info("multipart body refused ({}): {} {}", parsed.reason, log_text(req.method), log_text(ctx.path));
      render_error(ctx, parsed.status, parsed.status == 413 ? "error.upload_too_large" : "error.invalid_form");
      return false;
    }
    ctx.form = std::move(parsed.form->fields);
    ctx.files = std::move(parsed.form->files);
    return true;
  }
  if (!req.body.empty() && !type.starts_with("application/x-www-form-urlencoded")) {
    render_error(ctx, 415, "error.invalid_form");
    return false;
  }
  auto form = http::parse_urlencoded(req.body);
  if (!form) {
    render_error(ctx, 400, "error.invalid_form");
    return false;
  }
  ctx.form = std::move(*form);
  return true;
}

// Step 8: unsafe methods need a form body, our origin and a valid CSRF token.
bool App::check_unsafe_request(RequestContext& ctx, const Route& route) {
  const http::Request& req = ctx.req;
  if (security::is_safe_method(req.method)) return true;
  if (!read_form_body(ctx, route)) return false;
  security::OriginInput oin{req.method, req.header("Sec-Fetch-Site"), req.header("Origin"), req.header("Referer"),
                            ctx.own_origin};
  const bool origin_ok = security::check_origin(oin) == security::OriginVerdict::kAllow;
  std::string_view token = req.header("X-DP-CSRF-Token");
  if (token.empty()) token = ctx.form.get("_dp_csrf_token");
  if (origin_ok && ctx.csrf_valid(token)) return true;
  const char* notice = origin_ok ? "csrf.explanation" : "csrf.origin";
  spdlog::warn("csrf rejected: {} {} from {} ({})", log_text(req.method), log_text(ctx.path), log_text(ctx.client_ip),
               origin_ok ? "token" : "origin");
  if (route.rerender) {
    route.rerender(ctx, notice, 403);
  } else {
    render_resubmit(ctx, notice);
  }
  return false;
}

// Step 9: the route's Access, decided here once for every handler. A safe
// request goes to the area's sign-in form; an unsafe one gets its typed fields
// back (nothing is lost); a WebSocket upgrade gets 401.
bool App::authorize(RequestContext& ctx, const Route& route) {
  if (route.access != Access::kMember) return true;
  if (ctx.person && area_admits(ctx.area, ctx.person->role)) return true;
  if (route.websocket) {
    render_error(ctx, 401);
    return false;
  }
  if (security::is_safe_method(ctx.req.method)) {
    auto login = login_paths_.find(ctx.area);
    if (login != login_paths_.end()) {
      ctx.redirect(login_url_returning_here(login->second, ctx));
      return false;
    }
    render_error(ctx, 403);
    return false;
  }
  render_resubmit(ctx, "auth.sign_in_again");
  return false;
}

void App::run_route(RequestContext& ctx, const Route& route) {
  if (!route.websocket) {
    route.handle(ctx);
    return;
  }
  if (!ctx.req.websocket_upgrade) {
    render_error(ctx, 426);
    ctx.res.set_header("Upgrade", "websocket");
    return;
  }
  if (auto session = route.websocket(ctx)) {
    ctx.res.status = 101;
    ctx.res.websocket = std::move(session);
  }
}

void App::finalize(RequestContext& ctx) {
  ctx.jar.write_to([&](std::string name, std::string value) { ctx.res.add_header(std::move(name), std::move(value)); });
  if (ctx.jar.touches_session_id()) {
    ctx.res.set_header("Cache-Control", "no-store");
  } else if (ctx.res.header("Cache-Control").empty()) {
    ctx.res.set_header("Cache-Control", ctx.session ? "private, no-cache" : "no-cache");
  }
  if (ctx.area == Area::kApi) {
    ctx.res.set_header("Cache-Control", "no-store");
    ctx.res.set_header("Vary", "Authorization");
    ctx.res.set_header("X-Content-Type-Options", "nosniff");
  } else if (ctx.area != Area::kOps) {
    ctx.res.set_header("Vary", ctx.area == Area::kMessenger ? "Origin, Accept-Language" : "Cookie, Accept-Language");
    ctx.res.set_header("X-Content-Type-Options", "nosniff");
    ctx.res.set_header("Referrer-Policy", "same-origin");
    if (ctx.res.header("Content-Type").starts_with("text/html")) {
      ctx.res.set_header("Content-Security-Policy",
                         "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                         "frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
      ctx.res.set_header("X-Frame-Options", "DENY");
    }
  }
}

void render_error(RequestContext& ctx, int status, std::string_view message_key) {
  if (!message_key.empty()) {
    render_error_text(ctx, status, ctx.t(message_key));
  } else {
    render_error_text(ctx, status, status == 404 && ctx.area != Area::kApi ? ctx.t("error.404_body") : "");
  }
}

void render_error_text(RequestContext& ctx, int status, std::string_view message) {
  if (ctx.area == Area::kApi) {
    answer_api_error(ctx, status, message);
    return;
  }
  ctx.res = http::Response{};
  std::string title_key = "error." + std::to_string(status);
  const std::string& title = ctx.svc.catalogs.text(ctx.lang, title_key);
  Page page(ctx, "error.tpl", title == title_key ? std::string(http::reason_phrase(status)) : title);
  page.body().SetIntValue("STATUS", status);
  page.body().SetValue("HEADING", title == title_key ? std::string(http::reason_phrase(status)) : title);
  if (!message.empty()) page.body().SetValueAndShowSection("MESSAGE", std::string(message), "MESSAGE");
  page.finish(status);
}

namespace {

// The typed fields (passwords aside) in a form that posts them again, with a
// notice: nothing the person typed is lost.
void render_form_again(RequestContext& ctx, std::string_view notice_key, int status) {
  ctx.res = http::Response{};
  Page page(ctx, "csrf_resubmit.tpl", ctx.t("csrf.heading"));
  auto& b = page.body();
  b.SetValue("NOTICE_TEXT", ctx.t(notice_key));
  b.SetValue("ACTION", ctx.req.path);
  b.SetValue("CSRF", ctx.csrf_token());
  for (const auto& [name, value] : ctx.form.fields) {
    if (name == "_dp_csrf_token" || name.find("password") != std::string::npos) continue;
    auto* f = b.AddSectionDictionary("FIELD");
    f->SetValue("NAME", name);
    f->SetValue("VALUE", value);
    f->SetIntValue("ROWS", value.size() > 80 || value.find('\n') != std::string::npos ? 6 : 1);
  }
  page.finish(status);
}

// Seconds a client should wait before retrying while storage is unreachable.
constexpr const char* kUnavailableRetryAfterS = "5";

}  // namespace

void render_resubmit(RequestContext& ctx, std::string_view notice_key) {
  render_form_again(ctx, notice_key, 403);
}

void render_status(RequestContext& ctx, const Status& status) {
  if (status.is_ok()) return;
  const int http = http_status_of(status.code());
  if (http == 500)
    spdlog::error("request {} {} failed: {}", log_text(ctx.req.method), log_text(ctx.path), status.to_string());
  if (http == 503) {
    // Storage unreachable (PostgreSQL down, pool exhausted): a readable page
    // that says when to retry; a posted form comes back filled in.
    spdlog::warn("request {} {} answered 503: {}", log_text(ctx.req.method), log_text(ctx.path), status.to_string());
    if (ctx.req.method == "POST" && !ctx.form.fields.empty()) {
      render_form_again(ctx, "error.503_retry", 503);
    } else {
      render_error(ctx, 503, "error.503_retry");
    }
    ctx.res.set_header("Retry-After", kUnavailableRetryAfterS);
    return;
  }
  render_error(ctx, http, status.code() == Code::kInvalidArgument ? "error.invalid_form" : std::string_view{});
}

http::Response App::protocol_error_page(int status, const http::Request& head) const {
  if (url_space_of(std::string_view(head.target).substr(0, head.target.find('?'))) == Area::kApi) {
    http::Response res = api_error_response(status);
    res.set_header("Cache-Control", "no-store");
    return res;
  }
  http::Response res;
  res.status = status;
  res.set_header("Content-Type", "text/html; charset=utf-8");
  res.set_header("Cache-Control", "no-store");
  auto settings = svc_.settings.get();
  const std::string lang =
      i18n::negotiate(head.header("Accept-Language"), {settings->languages, settings->default_language})
          .value_or(settings->default_language);
  const std::string key = "error." + std::to_string(status);
  std::string title = svc_.catalogs.text(lang, key);
  if (title == key) title = http::reason_phrase(status);
  // Fixed text only: nothing from the request is reflected.
  res.body = "<!DOCTYPE html>\n<html lang=\"" + lang + "\"><head><meta charset=\"utf-8\"><title>" + title +
             "</title></head><body><h1>" + std::to_string(status) + " " + title + "</h1><p><a href=\"/\">" +
             svc_.catalogs.text(lang, "error.back_home") + "</a></p></body></html>\n";
  return res;
}

}  // namespace deskd::pipeline
