#include "accounts/account.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "accounts/fields.h"
#include "accounts/hygiene.h"
#include "accounts/login.h"
#include "accounts/notify.h"
#include "core/degraded.h"
#include "i18n/format.h"
#include "pipeline/audit.h"
#include "pipeline/render.h"
#include "security/throttle.h"

namespace deskd::accounts {
namespace {

using pipeline::RequestContext;

const LoginArea kPortalLogin{pipeline::Area::kPortal, "", "login.heading"};

enum class Form { kNone, kProfile, kPassword, kEmail };

// The page with what the person typed into `form` (never passwords); `message`
// is shown beside that form.
void render_account(RequestContext& ctx, Form form, std::string_view message, bool error, int status) {
  const storage::Person& p = *ctx.person;
  pipeline::Page page(ctx, "account.tpl", ctx.t("account.heading"));
  auto& b = page.body();
  b.SetValue("CSRF", ctx.csrf_token());
  b.SetValue("EMAIL", p.email);
  b.SetValue("MEMBER_SINCE", ctx.svc.catalogs.format(ctx.lang, "account.member_since",
                                                     {{"date", i18n::format_date(ctx.lang, p.created_ms)}}));
  const bool typed_profile = form == Form::kProfile;
  b.SetValue("NAME", typed_profile ? std::string(ctx.form.get("name").substr(0, kMaxName * 4)) : p.name);
  const std::string language = typed_profile ? std::string(ctx.form.get("language")) : p.language;
  auto* none = b.AddSectionDictionary("LANGUAGE");
  none->SetValue("CODE", "");
  none->SetValue("NAME", ctx.t("account.language_auto"));
  if (language.empty()) none->ShowSection("SELECTED");
  for (const auto& code : ctx.settings->languages) {
    auto* l = b.AddSectionDictionary("LANGUAGE");
    l->SetValue("CODE", code);
    l->SetValue("NAME", i18n::language_name(code));
    if (code == language) l->ShowSection("SELECTED");
  }
  b.SetValue("NEW_EMAIL", form == Form::kEmail ? std::string(ctx.form.get("email").substr(0, kMaxEmail)) : "");
  if (ctx.session && ctx.session->via_remember) b.ShowSection("VIA_REMEMBER");
  if (!message.empty()) {
    const char* section = form == Form::kProfile    ? "PROFILE_MESSAGE"
                          : form == Form::kPassword ? "PASSWORD_MESSAGE"
                          : form == Form::kEmail    ? "EMAIL_MESSAGE"
                                                    : "MESSAGE";
    auto* m = b.AddSectionDictionary(section);
    m->SetValue("TEXT", std::string(message));
    m->SetValue("CLASS", error ? "error" : "notice");
  }
  page.finish(status);
}

Form form_of_path(std::string_view path) {
  if (path == "/account/profile") return Form::kProfile;
  if (path == "/account/password") return Form::kPassword;
  if (path == "/account/email") return Form::kEmail;
  return Form::kNone;
}

void rerender(RequestContext& ctx, std::string_view notice_key, int status) {
  if (!ctx.person) {
    pipeline::render_resubmit(ctx, notice_key);  // session gone: keep what was typed anyway
    return;
  }
  render_account(ctx, form_of_path(ctx.path), ctx.t(notice_key), true, status);
}

void show_account(RequestContext& ctx) {
  if (!require_sign_in(ctx, kPortalLogin)) return;
  render_account(ctx, Form::kNone, {}, false, 200);
}

void do_profile(RequestContext& ctx) {
  if (!require_sign_in(ctx, kPortalLogin)) return;
  const std::string name = trimmed(ctx.form.get("name"));
  const std::string_view language = ctx.form.get("language");
  const auto& langs = ctx.settings->languages;
  if (name.empty() || utf8_length(name) > kMaxName) {
    render_account(ctx, Form::kProfile, ctx.t("register.name_invalid"), true, 400);
    return;
  }
  if (!language.empty() && std::find(langs.begin(), langs.end(), language) == langs.end()) {
    render_account(ctx, Form::kProfile, ctx.t("account.language_invalid"), true, 400);
    return;
  }
  auto& people = ctx.svc.storage.people();
  for (Status s : {people.set_name(ctx.person->id, name), people.set_language(ctx.person->id, language)}) {
    if (!s.is_ok()) {
      pipeline::render_status(ctx, s);
      return;
    }
  }
  ctx.flash("account.saved");
  ctx.redirect("/account");
}

// Checks current_password against the signed-in person, throttled like a
// login. On failure renders `form` with the reason and returns false.
bool current_password_ok(RequestContext& ctx, Form form) {
  auto& throttle = ctx.svc.throttle;
  const security::LoginKeys keys = security::login_keys(ctx.person->email, ctx.client_ip);
  if (const int64_t wait_ms = security::login_retry_after_ms(throttle, keys); wait_ms > 0) {
    const std::string seconds = std::to_string((wait_ms + 999) / 1000);
    ctx.res.set_header("Retry-After", seconds);
    render_account(ctx, form, ctx.svc.catalogs.format(ctx.lang, "login.throttled", {{"seconds", seconds}}), true, 429);
    return false;
  }
  const std::string_view current = ctx.form.get("current_password");
  if (current.empty() || current.size() > kMaxPasswordBytes ||
      !ctx.svc.passwords.verify(ctx.person->password_hash, current)) {
    security::record_login_failure(throttle, keys);
    pipeline::audit(ctx, "password_check_failed", ctx.person->id, ctx.person->email, ctx.path);
    render_account(ctx, form, ctx.t("account.current_password_wrong"), true, 400);
    return false;
  }
  return true;
}

void do_password(RequestContext& ctx) {
  if (!require_sign_in(ctx, kPortalLogin)) return;
  const std::string_view password = ctx.form.get("password");
  if (std::string_view problem = password_problem(password, ctx.form.get("password_confirm")); !problem.empty()) {
    render_account(ctx, Form::kPassword, ctx.t(problem), true, 400);
    return;
  }
  if (!current_password_ok(ctx, Form::kPassword)) return;
  auto hash = ctx.svc.passwords.hash(password);
  if (!hash.is_ok()) {
    pipeline::render_status(ctx, hash.status());
    return;
  }
  storage::Person person = *ctx.person;
  if (Status s = ctx.svc.storage.people().set_password_hash(person.id, *hash); !s.is_ok()) {
    pipeline::render_status(ctx, s);
    return;
  }
  person.password_hash = *hash;
  if (Status s = ctx.sign_in(person, false); !s.is_ok()) {
    pipeline::render_status(ctx, s);
    return;
  }
  if (auto ended = end_other_sessions(ctx.svc, person.id, ctx.session->id_hash); !ended.is_ok())
    spdlog::error("password change: sessions of person {} not ended: {}", person.id, ended.status().to_string());
  drop_remember_cookie(ctx);
  ok_or_degraded(Degraded::kResetLinksNotRevoked,
                 ctx.svc.storage.password_resets().remove_by_person(person.id, 0).status(),
                 "password change: deleting open reset links");
  pipeline::audit(ctx, "password_changed", person.id, person.email);
  queue_mail(ctx, person.email, mail_language(ctx, person), "password_changed", "mail.password_changed",
             {{"ip", ctx.client_ip}});
  ctx.flash("account.password_changed");
  ctx.redirect("/account");
}

void do_email(RequestContext& ctx) {
  if (!require_sign_in(ctx, kPortalLogin)) return;
  const std::string email = normalized_email(ctx.form.get("email"));
  if (!valid_email(email)) {
    render_account(ctx, Form::kEmail, ctx.t("account.email_invalid"), true, 400);
    return;
  }
  if (!current_password_ok(ctx, Form::kEmail)) return;
  const storage::Person person = *ctx.person;
  if (email == person.email) {
    ctx.redirect("/account");
    return;
  }
  if (Status s = ctx.svc.storage.people().set_email(person.id, email); !s.is_ok()) {
    if (s.code() == Code::kConflict) {
      render_account(ctx, Form::kEmail, ctx.t("account.email_unavailable"), true, 400);
    } else {
      pipeline::render_status(ctx, s);
    }
    return;
  }
  ok_or_degraded(Degraded::kResetLinksNotRevoked,
                 ctx.svc.storage.password_resets().remove_by_person(person.id, 0).status(),
                 "e-mail change: deleting open reset links");
  pipeline::audit(ctx, "email_changed", person.id, email, person.email + " -> " + email);
  queue_mail(ctx, person.email, mail_language(ctx, person), "email_changed", "mail.email_changed",
             {{"old", person.email}, {"new", email}, {"ip", ctx.client_ip}});
  ctx.flash("account.email_changed");
  ctx.redirect("/account");
}

}  // namespace

void register_account_routes(pipeline::App& app) {
  using pipeline::Area;
  app.get(Area::kPortal, "/account", show_account);
  app.post(Area::kPortal, "/account/profile", do_profile, rerender);
  app.post(Area::kPortal, "/account/password", do_password, rerender);
  app.post(Area::kPortal, "/account/email", do_email, rerender);
}

}  // namespace deskd::accounts
