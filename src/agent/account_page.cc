#include "agent/account_page.h"

#include "accounts/login.h"
#include "http/form.h"
#include "pipeline/audit.h"
#include "pipeline/render.h"

namespace deskd::agent {
namespace {

using pipeline::Area;
using pipeline::RequestContext;

const accounts::LoginArea kLogin{Area::kAgent, "/agent", "agent.login_heading"};

void render_account(RequestContext& ctx, std::string_view notice_key, int status) {
  Result<bool> by_mail = ctx.svc.storage.notify().email_enabled(ctx.person->id);
  if (!by_mail) return pipeline::render_status(ctx, by_mail.status());
  const bool posted = ctx.req.method == "POST";
  ctx.res = http::Response{};
  pipeline::Page page(ctx, "agent_account.tpl", ctx.t("desk.notify.pref_heading"));
  auto& b = page.body();
  b.SetValue("CSRF", ctx.csrf_token());
  b.SetValue("EMAIL", ctx.person->email);
  if (posted ? ctx.form.get("notify_email") == "on" : *by_mail) b.ShowSection("NOTIFY_EMAIL_ON");
  if (!notice_key.empty()) b.SetValueAndShowSection("ALERT_TEXT", ctx.t(notice_key), "ERROR");
  page.finish(status);
}

void show_account(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  render_account(ctx, {}, 200);
}

void save_notifications(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  const std::string_view raw = ctx.form.get("notify_email");
  if (!raw.empty() && raw != "on") return render_account(ctx, "desk.error.choice", 400);
  const bool on = raw == "on";
  if (Status s = ctx.svc.storage.notify().set_email_enabled(ctx.person->id, on); !s.is_ok())
    return pipeline::render_status(ctx, s);
  pipeline::audit(ctx, "notify_email_changed", ctx.person->id, ctx.person->email, on ? "on" : "off");
  ctx.flash("desk.notify.pref_saved");
  ctx.redirect("/agent/account");
}

void rerender(RequestContext& ctx, std::string_view notice_key, int status) {
  if (!ctx.signed_in() || ctx.area != Area::kAgent) return pipeline::render_resubmit(ctx, notice_key);
  render_account(ctx, notice_key, status);
}

}  // namespace

void register_account_routes(pipeline::App& app) {
  app.get(Area::kAgent, "/agent/account", show_account);
  app.post(Area::kAgent, "/agent/account/notifications", save_notifications, rerender);
}

}  // namespace deskd::agent
