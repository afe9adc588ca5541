#include "pipeline/context.h"
#include "core/degraded.h"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "cookies/set_cookie.h"
#include "core/crypto.h"

namespace deskd::pipeline {
namespace {
constexpr size_t kMaxReturnToBytes = 2048;  // a longer return_to is refused
}  // namespace

using cookies::CookieId;
using nlohmann::json;

const char* interface_label(Area area) {
  switch (area) {
    case Area::kPortal: return "portal";
    case Area::kAgent: return "agent";
    case Area::kAdmin: return "admin";
    case Area::kMessenger: return "messenger";
    case Area::kOps: return "ops";
    case Area::kApi: return "api";
  }
  return "portal";
}

bool area_admits(Area area, storage::Role role) {
  if (area == Area::kAgent) return role == storage::Role::kAgent || role == storage::Role::kAdmin;
  if (area == Area::kAdmin) return role == storage::Role::kAdmin;
  return true;
}

RequestContext::RequestContext(const http::Request& request, Services& services)
    : req(request), svc(services), settings(services.settings.get()) {}

std::string RequestContext::cookie_wire_name(CookieId id) const {
  const auto& p = jar.policy();
  return cookies::wire_name(cookies::spec(id), cookies::WriteOptions{p.secure, p.prefix});
}

std::optional<std::string_view> RequestContext::cookie(CookieId id,
                                                       const std::function<bool(std::string_view)>& valid) const {
  return cookies.pick(cookie_wire_name(id), valid);
}

bool RequestContext::optional_cookies_allowed() const {
  return jar.policy().optional_allowed;
}

const std::vector<std::string>& RequestContext::csrf_bindings() {
  if (csrf_bindings_) return *csrf_bindings_;
  std::vector<std::string> b;
  if (session) b.push_back(session->id_hash);
  if (area == Area::kPortal || area == Area::kAgent || area == Area::kAdmin) {
    for (session::Interface other : session::kAllInterfaces) {
      if (other == iface) continue;
      auto id = cookie(session::session_cookie(other), session::SessionManager::well_formed_id);
      if (!id) continue;
      if (auto s = svc.sessions.find(other, *id)) b.push_back(s->id_hash);
    }
  }
  if (b.empty()) b.emplace_back();
  csrf_bindings_ = std::move(b);
  return *csrf_bindings_;
}

std::optional<std::string> RequestContext::csrf_secret_from_cookie() {
  auto value = cookie(CookieId::kCsrf, [](std::string_view v) { return v.size() <= 256; });
  if (!value) return std::nullopt;
  for (const auto& binding : csrf_bindings()) {
    if (auto secret = svc.csrf.secret_from_cookie(*value, binding)) return secret;
  }
  return std::nullopt;
}

bool RequestContext::csrf_valid(std::string_view token) {
  if (!csrf_secret_) csrf_secret_ = csrf_secret_from_cookie();
  return csrf_secret_ && svc.csrf.verify(*csrf_secret_, token);
}

void RequestContext::rotate_csrf() {
  csrf_bindings_.reset();
  const std::string binding = csrf_bindings().front();
  security::Csrf::Issued issued = svc.csrf.issue(binding);
  csrf_secret_ = std::move(issued.secret);
  jar.set(CookieId::kCsrf, std::move(issued.cookie_value));
}

std::string RequestContext::csrf_token() {
  if (!csrf_secret_) csrf_secret_ = csrf_secret_from_cookie();
  if (!csrf_secret_) rotate_csrf();
  return svc.csrf.mask(*csrf_secret_);
}

Result<session::Session*> RequestContext::ensure_session() {
  if (session) return &*session;
  session::NewSession spec{iface, 0, false, client_ip, std::string(req.header("User-Agent")), "{}"};
  auto created = svc.sessions.create(spec);
  if (!created.is_ok()) return created.status();
  session = std::move(*created);
  jar.set(session::session_cookie(iface), session->id);
  // A CSRF secret bound to "no session" would no longer verify: re-bind it.
  csrf_bindings_.reset();
  if (csrf_secret_) rotate_csrf();
  return &*session;
}

Status RequestContext::sign_in(const storage::Person& p, bool via_remember) {
  Result<session::Session> fresh =
      session ? svc.sessions.rotate(*session, p.id, via_remember)
              : svc.sessions.create(session::NewSession{iface, p.id, via_remember, client_ip,
                                                        std::string(req.header("User-Agent")), "{}"});
  if (!fresh.is_ok()) return fresh.status();
  session = std::move(*fresh);
  person = p;
  jar.set(session::session_cookie(iface), session->id);
  rotate_csrf();
  if (visitor) {
    for (const auto& hook : svc.visitor_sign_in_hooks) hook(*visitor, p.id);
  }
  return Status::ok();
}

Status RequestContext::sign_out() {
  Status st = Status::ok();
  if (session) st = svc.sessions.destroy(*session);
  session.reset();
  person.reset();
  jar.clear(session::session_cookie(iface));
  rotate_csrf();
  return st;
}

bool RequestContext::remember_me_offered() const {
  if (!optional_cookies_allowed()) return false;
  if (area == Area::kPortal) return settings->remember_users;
  if (area == Area::kAgent) return settings->remember_agents;
  return false;
}

void RequestContext::flash(std::string message_key) {
  auto s = ensure_session();
  if (!s.is_ok()) return;
  json data = json::parse((*s)->data, nullptr, false);
  if (!data.is_object()) data = json::object();
  data["flash"] = std::move(message_key);
  (*s)->data = data.dump();
  ok_or_degraded(Degraded::kSessionDataNotSaved, svc.sessions.save_data(**s), "saving a flash message");
}

std::optional<std::string> RequestContext::take_flash() {
  if (!session) return std::nullopt;
  json data = json::parse(session->data, nullptr, false);
  if (!data.is_object() || !data.contains("flash") || !data["flash"].is_string()) return std::nullopt;
  std::string key = data["flash"].get<std::string>();
  data.erase("flash");
  session->data = data.dump();
  ok_or_degraded(Degraded::kSessionDataNotSaved, svc.sessions.save_data(*session), "clearing a shown flash message");
  return key;
}

void RequestContext::redirect(std::string_view location, int status) {
  res.status = status;
  res.set_header("Location", std::string(location));
  res.body.clear();
  res.stream.reset();
}

std::string RequestContext::t(std::string_view key) const {
  return svc.catalogs.text(lang, key);
}

std::string safe_return_to(std::string_view candidate, std::string_view fallback) {
  if (candidate.empty() || candidate.size() > kMaxReturnToBytes || candidate[0] != '/') return std::string(fallback);
  if (candidate.size() > 1 && (candidate[1] == '/' || candidate[1] == '\\')) return std::string(fallback);
  for (unsigned char c : candidate) {
    if (c < 0x20 || c == 0x7f || c == '\\') return std::string(fallback);
  }
  return std::string(candidate);
}

std::string login_url_returning_here(std::string_view login_path, const RequestContext& ctx) {
  std::string here = ctx.req.path;
  if (!ctx.req.query.empty() && here.size() + 1 + ctx.req.query.size() <= kMaxReturnToBytes) {
    here += '?';
    here += ctx.req.query;
  }
  return std::string(login_path) + "?return_to=" + http::percent_encode(here);
}

}  // namespace deskd::pipeline
