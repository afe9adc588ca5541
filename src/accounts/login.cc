#include "accounts/login.h"

#include "accounts/fields.h"
#include "accounts/two_factor_login.h"
#include "core/degraded.h"
#include "http/form.h"
#include "pipeline/audit.h"
#include "pipeline/remember_login.h"
#include "pipeline/render.h"
#include "security/throttle.h"

namespace deskd::accounts {
namespace {

using pipeline::Area;
using pipeline::RequestContext;

constexpr size_t kMaxPassword = kMaxPasswordBytes;

std::string home_of(const LoginArea& where) {
  return where.base.empty() ? "/" : where.base + "/";
}

// The login form with what the person typed (never the password).
void render_form(RequestContext& ctx, const LoginArea& where, std::string_view notice_key, std::string_view error_text,
                 int status) {
  pipeline::Page page(ctx, "login.tpl", ctx.t(where.heading_key));
  auto& b = page.body();
  b.SetValue("HEADING", ctx.t(where.heading_key));
  b.SetValue("ACTION", where.base + "/login");
  b.SetValue("CSRF", ctx.csrf_token());
  const std::string_view typed_return =
      ctx.form.has("return_to") ? ctx.form.get("return_to") : ctx.query.get("return_to");
  b.SetValue("RETURN_TO", pipeline::safe_return_to(typed_return, home_of(where)));
  b.SetValue("EMAIL", std::string(ctx.form.get("email").substr(0, kMaxEmail)));
  if (!notice_key.empty()) b.SetValueAndShowSection("NOTICE_TEXT", ctx.t(notice_key), "NOTICE");
  if (!error_text.empty()) b.SetValueAndShowSection("ERROR_TEXT", std::string(error_text), "ERROR");
  if (ctx.remember_me_offered()) {
    auto* remember = b.AddSectionDictionary("REMEMBER");
    if (ctx.form.get("remember_me") == "1") remember->ShowSection("CHECKED");
  }
  if (where.area == Area::kPortal) b.ShowSection("PORTAL_LINKS");
  page.finish(status);
}

void show_login(RequestContext& ctx, const LoginArea& where) {
  if (ctx.signed_in()) {
    ctx.redirect(pipeline::safe_return_to(ctx.query.get("return_to"), home_of(where)));
    return;
  }
  render_form(ctx, where, {}, {}, 200);
}

void do_login(RequestContext& ctx, const LoginArea& where) {
  const std::string email = normalized_email(ctx.form.get("email"));
  const std::string_view password = ctx.form.get("password");
  auto& throttle = ctx.svc.throttle;
  const security::LoginKeys keys = security::login_keys(email, ctx.client_ip);
  if (const int64_t wait_ms = security::login_retry_after_ms(throttle, keys); wait_ms > 0) {
    const int64_t seconds = (wait_ms + 999) / 1000;
    pipeline::audit(ctx, "login_throttled", 0, email, pipeline::interface_label(where.area));
    ctx.res.set_header("Retry-After", std::to_string(seconds));
    render_form(ctx, where, {},
                ctx.svc.catalogs.format(ctx.lang, "login.throttled", {{"seconds", std::to_string(seconds)}}), 429);
    return;
  }
  std::optional<storage::Person> person;
  bool verified = false;
  if (!email.empty() && email.size() <= kMaxEmail && !password.empty() && password.size() <= kMaxPassword) {
    auto found = ctx.svc.storage.people().find_by_email(email);
    if (found.is_ok()) {
      person = std::move(*found);
      verified = ctx.svc.passwords.verify(person->password_hash, password);
    } else {
      ctx.svc.passwords.verify_dummy(password);  // same cost as a wrong password
    }
  }
  const bool allowed = verified && !person->disabled && pipeline::area_admits(where.area, person->role);
  if (!allowed) {
    security::record_login_failure(throttle, keys);
    pipeline::audit(ctx, "login_failed", person ? person->id : 0, email, pipeline::interface_label(where.area));
    render_form(ctx, where, {}, ctx.t("login.failed"), 200);
    return;
  }
  security::record_login_success(throttle, keys);
  if (ctx.svc.passwords.needs_rehash(person->password_hash)) {
    // The old hash still works, so the login goes on; the upgrade is tried again next time.
    if (auto rehashed = ctx.svc.passwords.hash(password); rehashed.is_ok())
      ok_or_degraded(Degraded::kPasswordRehashNotSaved,
                     ctx.svc.storage.people().set_password_hash(person->id, *rehashed),
                     "storing an upgraded password hash");
  }
  if (begin_second_step(ctx, where, *person)) return;
  if (Status s = ctx.sign_in(*person, false); !s.is_ok()) {
    pipeline::render_status(ctx, s);
    return;
  }
  pipeline::remember_after_login(ctx, *person);
  pipeline::audit(ctx, "login", person->id, person->email, pipeline::interface_label(where.area));
  ctx.redirect(pipeline::safe_return_to(ctx.form.get("return_to"), home_of(where)));
}

void do_logout(RequestContext& ctx, const LoginArea& where) {
  const int64_t person_id = ctx.person ? ctx.person->id : 0;
  const std::string email = ctx.person ? ctx.person->email : std::string();
  pipeline::forget_remembered(ctx);
  if (Status s = ctx.sign_out(); !s.is_ok()) {
    pipeline::render_status(ctx, s);
    return;
  }
  if (person_id) pipeline::audit(ctx, "logout", person_id, email, pipeline::interface_label(where.area));
  ctx.redirect(where.base.empty() ? "/?logged_out=1" : where.base + "/login");
}

}  // namespace

std::string login_url(const RequestContext& ctx, const LoginArea& where) {
  return pipeline::login_url_returning_here(where.base + "/login", ctx);
}

bool require_sign_in(RequestContext& ctx, const LoginArea& where) {
  // Defence in depth behind the pipeline's Access check: the request runs in
  // this area, and its person holds a role the area admits.
  if (ctx.signed_in() && ctx.area == where.area && pipeline::area_admits(where.area, ctx.person->role)) return true;
  if (ctx.signed_in() && ctx.area != where.area) {
    pipeline::render_error(ctx, 403);
    return false;
  }
  ctx.redirect(login_url(ctx, where));
  return false;
}

void register_login_routes(pipeline::App& app, const LoginArea& where) {
  // Signing in and out is open to anyone, also in the staff areas.
  auto open_route = [&](std::string method, std::string path, pipeline::HandlerFn fn, pipeline::RerenderFn rerender) {
    pipeline::Route r;
    r.pattern = std::move(path);
    r.area = where.area;
    r.access = pipeline::Access::kAnyone;
    r.handle = std::move(fn);
    r.rerender = std::move(rerender);
    app.add(std::move(method), std::move(r));
  };
  open_route("GET", where.base + "/login", [where](RequestContext& ctx) { show_login(ctx, where); }, {});
  open_route(
      "POST", where.base + "/login", [where](RequestContext& ctx) { do_login(ctx, where); },
      [where](RequestContext& ctx, std::string_view notice, int status) {
        render_form(ctx, where, notice, {}, status);
      });
  open_route("POST", where.base + "/logout", [where](RequestContext& ctx) { do_logout(ctx, where); }, {});
  app.set_login_path(where.area, where.base + "/login");
  if (where.area == Area::kAgent || where.area == Area::kAdmin) register_two_factor_login_routes(app, where);
}

}  // namespace deskd::accounts
