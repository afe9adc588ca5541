#include "accounts/register.h"

#include "accounts/fields.h"
#include "accounts/notify.h"
#include "pipeline/audit.h"
#include "pipeline/rate_limited.h"
#include "pipeline/remember_login.h"
#include "pipeline/render.h"

namespace deskd::accounts {
namespace {

using pipeline::RequestContext;

std::string typed_return_to(const RequestContext& ctx) {
  const std::string_view typed = ctx.form.has("return_to") ? ctx.form.get("return_to") : ctx.query.get("return_to");
  return pipeline::safe_return_to(typed, "/");
}

// The form with what the person typed (never the passwords); `error_text` is
// already translated ("" = none).
void render_form(RequestContext& ctx, std::string_view notice_key, std::string_view error_text, int status) {
  pipeline::Page page(ctx, "register.tpl", ctx.t("register.heading"));
  auto& b = page.body();
  b.SetValue("CSRF", ctx.csrf_token());
  b.SetValue("RETURN_TO", typed_return_to(ctx));
  b.SetValue("NAME", std::string(ctx.form.get("name").substr(0, kMaxName * 4)));
  b.SetValue("EMAIL", std::string(ctx.form.get("email").substr(0, kMaxEmail)));
  if (!notice_key.empty()) b.SetValueAndShowSection("NOTICE_TEXT", ctx.t(notice_key), "NOTICE");
  if (!error_text.empty()) b.SetValueAndShowSection("ERROR_TEXT", std::string(error_text), "ERROR");
  if (ctx.remember_me_offered()) {
    auto* remember = b.AddSectionDictionary("REMEMBER");
    if (ctx.form.get("remember_me") == "1") remember->ShowSection("CHECKED");
  }
  page.finish(status);
}

void render_done(RequestContext& ctx, const std::string& email) {
  pipeline::Page page(ctx, "register_done.tpl", ctx.t("register.done_heading"));
  page.body().SetValue("TEXT", ctx.svc.catalogs.format(ctx.lang, "register.done_text", {{"email", email}}));
  page.body().SetValue("CONTINUE_URL", typed_return_to(ctx));
  page.finish(200);
}

void show_register(RequestContext& ctx) {
  if (ctx.signed_in()) {
    ctx.redirect("/account");
    return;
  }
  render_form(ctx, {}, {}, 200);
}

void do_register(RequestContext& ctx) {
  if (ctx.signed_in()) {
    ctx.redirect("/account");
    return;
  }
  const std::string name = trimmed(ctx.form.get("name"));
  const std::string email = normalized_email(ctx.form.get("email"));
  const std::string_view password = ctx.form.get("password");
  std::string_view problem;
  if (name.empty() || utf8_length(name) > kMaxName) {
    problem = "register.name_invalid";
  } else if (!valid_email(email)) {
    problem = "account.email_invalid";
  } else {
    problem = password_problem(password, ctx.form.get("password_confirm"));
  }
  if (!problem.empty()) {
    render_form(ctx, {}, ctx.t(problem), 400);
    return;
  }
  // Only well-formed attempts count: each costs an argon2id hash and a mail.
  if (auto refused = pipeline::refused_by(ctx, ctx.svc.rate_limits.registrations)) {
    render_form(ctx, {}, *refused, 429);
    return;
  }
  auto hash = ctx.svc.passwords.hash(password);
  if (!hash.is_ok()) {
    pipeline::render_status(ctx, hash.status());
    return;
  }
  storage::NewPerson fresh{email, name, storage::Role::kUser, *hash, ctx.lang};
  auto created = ctx.svc.storage.people().create(fresh);
  if (created.status().code() == Code::kConflict) {
    // Same answer as a registration; the owner hears about it (at most a few
    // times an hour, so the form cannot be used to flood a mailbox).
    const std::string key = "register-acct:" + email;
    auto owner = ctx.svc.storage.people().find_by_email(email);
    if (ctx.svc.throttle.retry_after_ms(key) == 0) {
      const std::string lang = owner.is_ok() ? mail_language(ctx, *owner) : ctx.lang;
      queue_mail(ctx, email, lang, "register_existing", "mail.register_existing",
                 {{"url", ctx.public_origin + "/reset-password"}, {"ip", ctx.client_ip}});
    }
    ctx.svc.throttle.record_failure(key);
    pipeline::audit(ctx, "register_existing", owner.is_ok() ? owner->id : 0, email);
    render_done(ctx, email);
    return;
  }
  if (!created.is_ok()) {
    pipeline::render_status(ctx, created.status());
    return;
  }
  if (Status s = ctx.sign_in(*created, false); !s.is_ok()) {
    pipeline::render_status(ctx, s);
    return;
  }
  pipeline::remember_after_login(ctx, *created);
  pipeline::audit(ctx, "person_created", created->id, created->email, "self-registration");
  queue_mail(ctx, email, ctx.lang, "register_welcome", "mail.register_welcome",
             {{"name", name}, {"url", ctx.public_origin + "/account"}});
  render_done(ctx, email);
}

}  // namespace

void register_registration_routes(pipeline::App& app) {
  app.get(pipeline::Area::kPortal, "/register", show_register);
  app.post(pipeline::Area::kPortal, "/register", do_register,
           [](RequestContext& ctx, std::string_view notice, int status) { render_form(ctx, notice, {}, status); });
}

}  // namespace deskd::accounts
