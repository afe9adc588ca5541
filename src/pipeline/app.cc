#include "pipeline/app.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "core/crypto.h"
#include "i18n/resolve.h"
#include "pipeline/remember_login.h"
#include "pipeline/render.h"
#include "security/origin_check.h"

namespace deskd::pipeline {
namespace {

using cookies::CookieId;

constexpr size_t kVisitorIdBytes = 16;  // 128 bits -> 22 base64url chars

bool is_visitor_id(std::string_view v) {
  return v.size() == 22 && base64url_decode(v).has_value();
}

Area area_of_path(std::string_view path) {
  auto under = [&](std::string_view prefix) {
    return path == prefix || (path.starts_with(prefix) && path.size() > prefix.size() && path[prefix.size()] == '/');
  };
  if (under("/agent")) return Area::kAgent;
  if (under("/admin")) return Area::kAdmin;
  if (under("/messenger")) return Area::kMessenger;
  if (path == "/healthz" || path == "/metrics" || under("/static")) return Area::kOps;
  return Area::kPortal;
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
// X-Forwarded-For entry that is not itself a trusted proxy.
std::string client_address(const http::Request& req, const std::vector<std::string>& trusted) {
  if (!contains(trusted, req.peer_ip)) return req.peer_ip;
  std::string_view xff = req.header("X-Forwarded-For");
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

bool valid_host(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  for (char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '-' || c == ':' || c == '[' || c == ']';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

App::App(Services& services, ThreadPool& pool) : svc_(services), pool_(pool) {}

void App::add(std::string method, Route route) {
  std::string pattern = route.pattern;
  router_.add(std::move(method), pattern, std::move(route));
}

void App::get(Area area, std::string pattern, HandlerFn fn) {
  Route r;
  r.pattern = pattern;
  r.area = area;
  r.handle = std::move(fn);
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

size_t App::body_limit(std::string_view method, std::string_view path) const {
  auto m = router_.find(method, path);
  if (!m.route) {
    // A Help Center route under a language prefix (/da/new-ticket) has the same limit.
    auto settings = svc_.settings.get();
    if (auto prefix = i18n::strip_language_prefix(path, {settings->languages, settings->default_language}))
      m = router_.find(method, prefix->rest);
  }
  if (m.route && m.route->body_limit) return m.route->body_limit;
  return svc_.config.limits.max_form_body_bytes;
}

void App::handle(http::Request req, http::Responder done) {
  if (area_of_path(req.path) == Area::kOps && req.path != "/metrics") {
    // Static files and /healthz never block: answer on the I/O thread.
    done(process(req));
    return;
  }
  auto shared = std::make_shared<std::pair<http::Request, http::Responder>>(std::move(req), std::move(done));
  bool queued = pool_.submit([this, shared] { shared->second(process(shared->first)); });
  if (!queued) {
    http::Response res;
    res.status = 503;
    res.set_header("Content-Type", "text/plain; charset=utf-8");
    res.set_header("Retry-After", "1");
    res.body = "Service unavailable: the server is overloaded. Please retry.\n";
    shared->second(std::move(res));
  }
}

http::Response App::process(const http::Request& req) {
  const auto start = std::chrono::steady_clock::now();
  RequestContext ctx(req, svc_);
  try {
    auto match = router_.find(req.method, req.path);
    run_chain(ctx, match);
  } catch (const std::exception& e) {
    spdlog::error("request {} {} failed: {}", req.method, req.path, e.what());
    ctx.res = http::Response{};
    ctx.res.status = 500;
    ctx.res.set_header("Content-Type", "text/plain; charset=utf-8");
    ctx.res.body = "Something went wrong. Please try again.\n";
  }
  finalize(ctx);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  svc_.metrics.observe(ctx.route.empty() ? "unmatched" : ctx.route, ctx.res.status, seconds);
  spdlog::info("{} {} {} {} {:.2f}ms", ctx.client_ip, req.method, req.path.empty() ? req.target : req.path,
               ctx.res.status, seconds * 1000);
  return std::move(ctx.res);
}

void App::run_chain(RequestContext& ctx, const http::Router<Route>::Match& first_match) {
  const http::Request& req = ctx.req;
  const auto& settings = *ctx.settings;

  // 1. Classify: area, language prefix, route.
  if (req.path.empty() || req.path[0] != '/') {
    ctx.area = Area::kPortal;
    ctx.lang = settings.default_language;
    render_error(ctx, 400);
    return;
  }
  ctx.path = req.path;
  ctx.area = area_of_path(req.path);
  i18n::LanguageSettings lang_settings{settings.languages, settings.default_language};
  auto match = first_match;
  if (ctx.area == Area::kPortal) {
    if (auto prefix = i18n::strip_language_prefix(req.path, lang_settings)) {
      ctx.path = prefix->rest;
      ctx.lang = prefix->lang;
      ctx.lang_from_prefix = true;
      match = router_.find(req.method, ctx.path);
      if (match.route && match.route->area != Area::kPortal) match = {};
    }
  }
  if (match.route) {
    ctx.route = match.route->pattern;
    ctx.params = match.params;
  }
  if (ctx.area == Area::kOps) {
    if (match.route) {
      match.route->handle(ctx);
    } else if (req.path.starts_with("/static/")) {
      ctx.route = "/static";
      ctx.res = svc_.static_files.serve(req);
    } else {
      ctx.res.status = 404;
    }
    return;
  }
  ctx.iface = interface_of(ctx.area);

  // 2. HTTPS and the client address (X-Forwarded-* only from trusted proxies).
  const bool trusted_peer = contains(svc_.config.trusted_proxies, req.peer_ip);
  ctx.https = trusted_peer && http::iequals(first_token(req.header("X-Forwarded-Proto")), "https");
  ctx.client_ip = client_address(req, svc_.config.trusted_proxies);
  std::string_view host = req.header("Host");
  if (!svc_.config.public_url.empty()) {
    ctx.own_origin = security::origin_of_url(svc_.config.public_url);
    // Behind a trusted TLS proxy that omits X-Forwarded-Proto, the public URL tells the scheme.
    if (trusted_peer && ctx.own_origin.starts_with("https://")) ctx.https = true;
  } else if (valid_host(host)) {
    std::string lower(host);
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ctx.own_origin = security::origin_of_url(std::string(ctx.https ? "https://" : "http://") + lower + "/");
  }

  if (ctx.area == Area::kMessenger) {
    // Cross-origin API: no cookies in or out, no CSRF (nothing ambient to forge).
    cookies::JarPolicy none;
    none.optional_allowed = false;
    ctx.jar.set_policy(none);
    ctx.query = http::parse_urlencoded(req.query).value_or(http::Form{});
    i18n::ResolveInput in;
    in.path = ctx.path;
    in.accept_language = req.header("Accept-Language");
    if (auto wanted = ctx.query.get("lang"); !wanted.empty()) in.cookie = wanted;
    ctx.lang = i18n::resolve(in, lang_settings).lang;
    if (!match.route) {
      render_error(ctx, match.method_mismatch ? 405 : 404);
      return;
    }
    run_route(ctx, *match.route);
    return;
  }

  // 3-4. Cookies and the policy every Set-Cookie of this response follows.
  ctx.cookies = cookies::RequestCookies::parse(req.header_values("Cookie"));
  cookies::JarPolicy policy;
  policy.secure = ctx.https;
  policy.prefix = settings.cookie_prefix;
  policy.optional_allowed = settings.optional_cookies == OptionalCookies::kOn;
  ctx.jar.set_policy(policy);
  if (settings.optional_cookies == OptionalCookies::kConsent) {
    auto consent = ctx.cookie(CookieId::kConsent, [](std::string_view v) { return v == "all" || v == "essential"; });
    policy.optional_allowed = consent && *consent == "all";
    ctx.jar.set_policy(policy);
  }
  if (!policy.optional_allowed) {
    // Declined or not (yet) accepted: optional cookies the browser still holds are deleted.
    for (CookieId id : {CookieId::kRememberMe, CookieId::kVisitor}) {
      if (ctx.cookies.sent(ctx.cookie_wire_name(id))) ctx.jar.clear(id);
    }
  }

  // 5. Visitor token (Help Center only); known before any sign-in below so a
  // Remember-Me sign-in attaches the visitor's history too.
  if (ctx.area == Area::kPortal && policy.optional_allowed) {
    if (auto v = ctx.cookie(CookieId::kVisitor, is_visitor_id)) {
      ctx.visitor = std::string(*v);
    } else {
      ctx.visitor = svc_.random.token(kVisitorIdBytes);
      ctx.jar.set(CookieId::kVisitor, *ctx.visitor);
    }
  }

  // 6-7. Session of this interface, and its person.
  const CookieId session_id = session::session_cookie(ctx.iface);
  if (auto id = ctx.cookie(session_id, session::SessionManager::well_formed_id)) {
    ctx.session = svc_.sessions.find(ctx.iface, *id);
  }
  if (ctx.session && ctx.session->person_id != 0) {
    auto person = svc_.storage.people().find_by_id(ctx.session->person_id);
    if (person.is_ok() && !person->disabled && area_admits(ctx.area, person->role)) {
      ctx.person = std::move(*person);
    } else {
      (void)svc_.sessions.destroy(*ctx.session);
      ctx.session.reset();
    }
  }
  if (!ctx.session && ctx.cookies.sent(ctx.cookie_wire_name(session_id))) ctx.jar.clear(session_id);
  remember_login(ctx);

  // 8. Language: URL prefix > person > dp_last_lang > Accept-Language > default.
  auto lang_cookie =
      ctx.cookie(CookieId::kLastLang, [&](std::string_view v) { return contains(settings.languages, v); });
  if (!lang_cookie && ctx.cookies.sent(ctx.cookie_wire_name(CookieId::kLastLang))) ctx.jar.clear(CookieId::kLastLang);
  if (!ctx.lang_from_prefix) {
    i18n::ResolveInput in;
    in.path = ctx.path;
    if (ctx.person && !ctx.person->language.empty()) in.person = ctx.person->language;
    in.cookie = lang_cookie;
    in.accept_language = req.header("Accept-Language");
    ctx.lang = i18n::resolve(in, lang_settings).lang;
  }
  if (!svc_.catalogs.has_language(ctx.lang)) ctx.lang = svc_.catalogs.default_language();

  if (!match.route) {
    render_error(ctx, match.method_mismatch ? 405 : 404);
    if (match.method_mismatch) ctx.res.set_header("Allow", match.allow);
    return;
  }

  // 9. Unsafe methods: body, origin checks and the CSRF token.
  ctx.query = http::parse_urlencoded(req.query).value_or(http::Form{});
  if (!security::is_safe_method(req.method)) {
    std::string_view type = req.header("Content-Type");
    if (!req.body.empty() && !type.starts_with("application/x-www-form-urlencoded")) {
      render_error(ctx, 415, "error.invalid_form");
      return;
    }
    auto form = http::parse_urlencoded(req.body);
    if (!form) {
      render_error(ctx, 400, "error.invalid_form");
      return;
    }
    ctx.form = std::move(*form);
    security::OriginInput oin{req.method, req.header("Sec-Fetch-Site"), req.header("Origin"), req.header("Referer"),
                              ctx.own_origin};
    const bool origin_ok = security::check_origin(oin) == security::OriginVerdict::kAllow;
    std::string_view token = req.header("X-DP-CSRF-Token");
    if (token.empty()) token = ctx.form.get("_dp_csrf_token");
    if (!origin_ok || !ctx.csrf_valid(token)) {
      const char* notice = origin_ok ? "csrf.explanation" : "csrf.origin";
      spdlog::warn("csrf rejected: {} {} from {} ({})", req.method, ctx.path, ctx.client_ip,
                   origin_ok ? "token" : "origin");
      if (match.route->rerender) {
        match.route->rerender(ctx, notice, 403);
      } else {
        render_resubmit(ctx, notice);
      }
      return;
    }
  }

  // 10. The handler (or the WebSocket upgrade).
  run_route(ctx, *match.route);
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
  if (ctx.area != Area::kOps) {
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
  ctx.res = http::Response{};
  std::string title_key = "error." + std::to_string(status);
  const std::string& title = ctx.svc.catalogs.text(ctx.lang, title_key);
  Page page(ctx, "error.tpl", title == title_key ? std::string(http::reason_phrase(status)) : title);
  page.body().SetIntValue("STATUS", status);
  page.body().SetValue("HEADING", title == title_key ? std::string(http::reason_phrase(status)) : title);
  if (!message_key.empty()) {
    page.body().SetValueAndShowSection("MESSAGE", ctx.t(message_key), "MESSAGE");
  } else if (status == 404) {
    page.body().SetValueAndShowSection("MESSAGE", ctx.t("error.404_body"), "MESSAGE");
  }
  page.finish(status);
}

void render_resubmit(RequestContext& ctx, std::string_view notice_key) {
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
  page.finish(403);
}

void render_status(RequestContext& ctx, const Status& status) {
  switch (status.code()) {
    case Code::kOk: return;
    case Code::kNotFound: render_error(ctx, 404); return;
    case Code::kInvalidArgument: render_error(ctx, 400, "error.invalid_form"); return;
    case Code::kPermissionDenied: render_error(ctx, 403); return;
    case Code::kResourceExhausted: render_error(ctx, 429); return;
    case Code::kUnavailable: render_error(ctx, 503); return;
    default:
      spdlog::error("request {} {} failed: {}", ctx.req.method, ctx.path, status.to_string());
      render_error(ctx, 500);
      return;
  }
}

http::Response App::protocol_error_page(int status, const http::Request& head) const {
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
