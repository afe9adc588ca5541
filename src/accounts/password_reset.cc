#include "accounts/password_reset.h"

#include <spdlog/spdlog.h>

#include "accounts/fields.h"
#include "accounts/hygiene.h"
#include "accounts/notify.h"
#include "core/crypto.h"
#include "core/degraded.h"
#include "pipeline/audit.h"
#include "pipeline/render.h"
#include "security/rate_limit.h"

namespace deskd::accounts {
namespace {

using pipeline::RequestContext;

constexpr size_t kTokenChars = 43;  // base64url of kResetTokenBytes

bool well_formed_token(std::string_view token) {
  return token.size() == kTokenChars && is_base64url(token);
}

// ---- request a link ------------------------------------------------------

void render_request(RequestContext& ctx, std::string_view notice_key, std::string_view error_text, int status) {
  pipeline::Page page(ctx, "reset_request.tpl", ctx.t("reset.heading"));
  auto& b = page.body();
  b.SetValue("CSRF", ctx.csrf_token());
  b.SetValue("EMAIL", std::string(ctx.form.get("email").substr(0, kMaxEmail)));
  if (!notice_key.empty()) b.SetValueAndShowSection("NOTICE_TEXT", ctx.t(notice_key), "NOTICE");
  if (!error_text.empty()) b.SetValueAndShowSection("ERROR_TEXT", std::string(error_text), "ERROR");
  page.finish(status);
}

void show_request(RequestContext& ctx) {
  render_request(ctx, {}, {}, 200);
}

void send_link(RequestContext& ctx, const storage::Person& person) {
  const std::string token = ctx.svc.random.token(kResetTokenBytes);
  storage::PasswordReset reset;
  reset.token_hash = hash_hex(token);
  reset.person_id = person.id;
  reset.created_ms = ctx.svc.clock.now_ms();
  reset.expires_ms = reset.created_ms + kResetLifetimeMs;
  if (Status s = ctx.svc.storage.password_resets().insert(reset); !s.is_ok()) {
    spdlog::error("password reset for person {} not stored: {}", person.id, s.to_string());
    return;
  }
  queue_mail(ctx, person.email, mail_language(ctx, person), "password_reset", "mail.reset",
             {{"url", ctx.public_origin + "/reset-password/" + token}, {"ip", ctx.client_ip}});
}

void do_request(RequestContext& ctx) {
  const std::string email = normalized_email(ctx.form.get("email"));
  auto& throttle = ctx.svc.throttle;
  const std::string ip_key = "reset-ip:" + security::client_address_key(ctx.client_ip);
  const std::string acct_key = "reset-acct:" + email;
  if (const int64_t wait_ms = throttle.retry_after_ms(ip_key); wait_ms > 0) {
    const std::string seconds = std::to_string((wait_ms + 999) / 1000);
    ctx.res.set_header("Retry-After", seconds);
    render_request(ctx, {}, ctx.svc.catalogs.format(ctx.lang, "login.throttled", {{"seconds", seconds}}), 429);
    return;
  }
  if (!valid_email(email)) {
    render_request(ctx, {}, ctx.t("account.email_invalid"), 400);
    return;
  }
  // Every request counts, whether or not the address has an account.
  const bool address_quiet = throttle.retry_after_ms(acct_key) == 0;
  throttle.record_failure(ip_key);
  throttle.record_failure(acct_key);
  if (address_quiet) {
    auto person = ctx.svc.storage.people().find_by_email(email);
    if (person.is_ok() && !person->disabled) {
      send_link(ctx, *person);
      pipeline::audit(ctx, "password_reset_requested", person->id, person->email);
    }
  }
  pipeline::Page page(ctx, "reset_sent.tpl", ctx.t("reset.heading"));
  page.body().SetValue("TEXT", ctx.svc.catalogs.format(ctx.lang, "reset.sent", {{"email", email}}));
  page.finish(200);
}

// ---- use a link ------------------------------------------------------------

// A 400/410 page explaining what is wrong with the link.
void render_bad_link(RequestContext& ctx, int status, std::string_view text_key) {
  ctx.res = http::Response{};
  pipeline::Page page(ctx, "reset_sent.tpl", ctx.t("reset.heading"));
  page.body().SetValue("TEXT", ctx.t(text_key));
  page.body().ShowSection("ASK_AGAIN");
  page.finish(status);
}

// The reset named by the URL and its person, or an error page already rendered.
std::optional<std::pair<storage::PasswordReset, storage::Person>> usable_reset(RequestContext& ctx) {
  const std::string_view token = path_param(ctx, "token");
  auto reset = well_formed_token(token) ? ctx.svc.storage.password_resets().find_by_hash(hash_hex(token))
                                        : Result<storage::PasswordReset>(not_found("malformed token"));
  if (!reset.is_ok()) {
    if (reset.status().code() == Code::kNotFound) {
      render_bad_link(ctx, 400, "reset.link_invalid");
    } else {
      pipeline::render_status(ctx, reset.status());
    }
    return std::nullopt;
  }
  if (reset->used_ms != 0 || ctx.svc.clock.now_ms() >= reset->expires_ms) {
    render_bad_link(ctx, 410, reset->used_ms != 0 ? "reset.link_used" : "reset.link_expired");
    return std::nullopt;
  }
  auto person = ctx.svc.storage.people().find_by_id(reset->person_id);
  if (!person.is_ok() || person->disabled) {
    render_bad_link(ctx, 400, "reset.link_invalid");
    return std::nullopt;
  }
  return std::make_pair(std::move(*reset), std::move(*person));
}

void render_choose(RequestContext& ctx, std::string_view notice_key, std::string_view error_key, int status) {
  pipeline::Page page(ctx, "reset_password.tpl", ctx.t("reset.choose_heading"));
  auto& b = page.body();
  b.SetValue("CSRF", ctx.csrf_token());
  b.SetValue("ACTION", "/reset-password/" + std::string(path_param(ctx, "token")));
  if (!notice_key.empty()) b.SetValueAndShowSection("NOTICE_TEXT", ctx.t(notice_key), "NOTICE");
  if (!error_key.empty()) b.SetValueAndShowSection("ERROR_TEXT", ctx.t(error_key), "ERROR");
  page.finish(status);
}

void show_choose(RequestContext& ctx) {
  if (!usable_reset(ctx)) return;
  render_choose(ctx, {}, {}, 200);
}

void do_choose(RequestContext& ctx) {
  auto found = usable_reset(ctx);
  if (!found) return;
  auto& [reset, person] = *found;
  const std::string_view password = ctx.form.get("password");
  if (std::string_view problem = password_problem(password, ctx.form.get("password_confirm")); !problem.empty()) {
    render_choose(ctx, {}, problem, 400);
    return;
  }
  auto hash = ctx.svc.passwords.hash(password);
  if (!hash.is_ok()) {
    pipeline::render_status(ctx, hash.status());
    return;
  }
  // Use the link up first: of two racing submissions only one changes the password.
  if (Status s = ctx.svc.storage.password_resets().mark_used(reset.id, ctx.svc.clock.now_ms()); !s.is_ok()) {
    if (s.code() == Code::kConflict) {
      render_bad_link(ctx, 410, "reset.link_used");
    } else {
      pipeline::render_status(ctx, s);
    }
    return;
  }
  if (Status s = ctx.svc.storage.people().set_password_hash(person.id, *hash); !s.is_ok()) {
    pipeline::render_status(ctx, s);
    return;
  }
  person.password_hash = *hash;
  ok_or_degraded(Degraded::kResetLinksNotRevoked,
                 ctx.svc.storage.password_resets().remove_by_person(person.id, reset.id).status(),
                 "password reset: deleting the other reset links");
  if (Status s = ctx.sign_in(person, false); !s.is_ok()) {
    pipeline::render_status(ctx, s);
    return;
  }
  if (auto ended = end_other_sessions(ctx.svc, person.id, ctx.session->id_hash); !ended.is_ok())
    spdlog::error("password reset: sessions of person {} not ended: {}", person.id, ended.status().to_string());
  drop_remember_cookie(ctx);
  pipeline::audit(ctx, "password_reset", person.id, person.email);
  queue_mail(ctx, person.email, mail_language(ctx, person), "password_changed", "mail.password_changed",
             {{"ip", ctx.client_ip}});
  ctx.flash("reset.done");
  ctx.redirect(person.role == storage::Role::kUser ? "/account" : "/");
}

}  // namespace

void register_password_reset_routes(pipeline::App& app) {
  using pipeline::Area;
  app.get(Area::kPortal, "/reset-password", show_request);
  app.post(Area::kPortal, "/reset-password", do_request,
           [](RequestContext& ctx, std::string_view notice, int status) { render_request(ctx, notice, {}, status); });
  app.get(Area::kPortal, "/reset-password/{token}", show_choose);
  app.post(Area::kPortal, "/reset-password/{token}", do_choose,
           [](RequestContext& ctx, std::string_view notice, int status) { render_choose(ctx, notice, {}, status); });
}

}  // namespace deskd::accounts
