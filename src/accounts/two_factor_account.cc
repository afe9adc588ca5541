#include "accounts/two_factor_account.h"

#include "accounts/hygiene.h"
#include "accounts/two_factor_check.h"
#include "accounts/two_factor_page.h"
#include "i18n/format.h"
#include "pipeline/audit.h"
#include "pipeline/two_factor_policy.h"
#include "security/totp.h"

namespace deskd::accounts {
namespace {

using pipeline::RequestContext;

std::string page_url(const LoginArea& where) {
  return where.base + "/account/two-factor";
}

std::vector<std::string> hashes_of(const std::vector<std::string>& codes) {
  std::vector<std::string> out;
  for (const auto& c : codes) out.push_back(security::recovery_code_hash(*security::normalize_recovery_code(c)));
  return out;
}

// The status page of a confirmed enrolment, or the enrolment page.
void render_account(RequestContext& ctx, const LoginArea& where, std::string notice, std::string error, int status) {
  const storage::Person& person = *ctx.person;
  auto& store = ctx.svc.storage.two_factor();
  auto record = store.find(person.id);
  if (!record.is_ok() && record.status().code() != Code::kNotFound) {
    pipeline::render_status(ctx, record.status());
    return;
  }
  TwoFactorView view;
  view.status_code = status;
  view.notice = std::move(notice);
  view.error = std::move(error);
  if (record.is_ok() && record->confirmed_ms > 0) {
    view.heading_key = "two_factor.account_heading";
    view.status = ctx.svc.catalogs.format(ctx.lang, "two_factor.status_on",
                                          {{"count", i18n::format_number(ctx.lang, record->recovery_codes_left)}});
    view.forms.push_back({page_url(where) + "/recovery-codes", "two_factor.code", "two_factor.new_codes",
                          "two_factor.new_codes_hint"});
    if (!pipeline::two_factor_required(*ctx.settings, person.role))
      view.forms.push_back(
          {page_url(where) + "/disable", "two_factor.code", "two_factor.disable", "two_factor.disable_hint"});
    render_two_factor(ctx, person, view);
    return;
  }
  std::string secret;
  if (record.is_ok()) {
    secret = record->secret;  // an enrolment already started: reloading keeps the same QR code
  } else {
    secret = security::totp_new_secret(ctx.svc.random);
    if (Status s = store.begin(person.id, secret, ctx.svc.clock.now_ms()); !s.is_ok()) {
      pipeline::render_status(ctx, s);
      return;
    }
  }
  view.heading_key = "two_factor.enrol_heading";
  view.intro_key = "two_factor.enrol_intro";
  view.enrol_secret = secret;
  view.forms.push_back({page_url(where), "two_factor.code_from_app", "two_factor.confirm", ""});
  render_two_factor(ctx, person, view);
}

int status_of(const FactorCheck& check) {
  if (check.outcome == FactorOutcome::kThrottled) return 429;
  if (check.outcome == FactorOutcome::kUnavailable) return 503;
  return 400;
}

void show_codes(RequestContext& ctx, const LoginArea& where, const std::vector<std::string>& codes,
                std::string_view notice_key) {
  TwoFactorView view;
  view.heading_key = "two_factor.codes_heading";
  view.notice = ctx.t(notice_key);
  view.codes = codes;
  view.continue_url = page_url(where);
  render_two_factor(ctx, *ctx.person, view);
}

void show(RequestContext& ctx, const LoginArea& where) {
  if (!require_sign_in(ctx, where)) return;
  const std::optional<std::string> flash = ctx.take_flash();
  render_account(ctx, where, flash ? ctx.t(*flash) : std::string(), {}, 200);
}

void confirm(RequestContext& ctx, const LoginArea& where) {
  if (!require_sign_in(ctx, where)) return;
  const storage::Person person = *ctx.person;
  auto& store = ctx.svc.storage.two_factor();
  auto record = store.find(person.id);
  if (!record.is_ok() || record->confirmed_ms > 0) {
    // Nothing to confirm (already on, or no enrolment started): show the page as it is now.
    render_account(ctx, where, {}, ctx.t("two_factor.nothing_to_confirm"), 409);
    return;
  }
  FactorCheck check = check_enrolment_code(ctx, person, record->secret, ctx.form.get("code"));
  if (check.outcome != FactorOutcome::kOk) {
    const std::string error = factor_error(ctx, check);
    render_account(ctx, where, {}, error, status_of(check));
    return;
  }
  const std::vector<std::string> codes = security::new_recovery_codes(ctx.svc.random);
  if (Status s = store.confirm(person.id, check.step, hashes_of(codes), ctx.svc.clock.now_ms()); !s.is_ok()) {
    pipeline::render_status(ctx, s);
    return;
  }
  // Other sessions and every remembered device were started without the second factor.
  (void)end_other_sessions(ctx.svc, person.id, ctx.session ? ctx.session->id_hash : "");  // logged and counted inside
  drop_remember_cookie(ctx);
  pipeline::audit(ctx, "two_factor_enabled", person.id, person.email, pipeline::interface_label(where.area));
  show_codes(ctx, where, codes, "two_factor.enabled");
}

void renew_codes(RequestContext& ctx, const LoginArea& where) {
  if (!require_sign_in(ctx, where)) return;
  const storage::Person person = *ctx.person;
  FactorCheck check = check_second_factor(ctx, person, ctx.form.get("code"), "new recovery codes");
  if (check.outcome != FactorOutcome::kOk) {
    const std::string error = factor_error(ctx, check);
    render_account(ctx, where, {}, error, status_of(check));
    return;
  }
  const std::vector<std::string> codes = security::new_recovery_codes(ctx.svc.random);
  if (Status s = ctx.svc.storage.two_factor().replace_recovery_codes(person.id, hashes_of(codes)); !s.is_ok()) {
    pipeline::render_status(ctx, s);
    return;
  }
  pipeline::audit(ctx, "recovery_codes_renewed", person.id, person.email, pipeline::interface_label(where.area));
  show_codes(ctx, where, codes, "two_factor.codes_renewed");
}

void disable(RequestContext& ctx, const LoginArea& where) {
  if (!require_sign_in(ctx, where)) return;
  const storage::Person person = *ctx.person;
  if (pipeline::two_factor_required(*ctx.settings, person.role)) {
    render_account(ctx, where, {}, ctx.t("two_factor.cannot_disable"), 409);
    return;
  }
  FactorCheck check = check_second_factor(ctx, person, ctx.form.get("code"), "disable");
  if (check.outcome != FactorOutcome::kOk) {
    const std::string error = factor_error(ctx, check);
    render_account(ctx, where, {}, error, status_of(check));
    return;
  }
  if (Status s = ctx.svc.storage.two_factor().remove(person.id); !s.is_ok() && s.code() != Code::kNotFound) {
    pipeline::render_status(ctx, s);
    return;
  }
  pipeline::audit(ctx, "two_factor_disabled", person.id, person.email, pipeline::interface_label(where.area));
  ctx.flash("two_factor.disabled");
  ctx.redirect(page_url(where));
}

}  // namespace

void register_two_factor_account_routes(pipeline::App& app, const LoginArea& where) {
  auto rerender = [where](RequestContext& ctx, std::string_view notice, int status) {
    if (!ctx.person) {
      pipeline::render_resubmit(ctx, notice);
      return;
    }
    render_account(ctx, where, {}, ctx.t(notice), status);
  };
  app.get(where.area, page_url(where), [where](RequestContext& ctx) { show(ctx, where); });
  app.post(where.area, page_url(where), [where](RequestContext& ctx) { confirm(ctx, where); }, rerender);
  app.post(
      where.area, page_url(where) + "/recovery-codes", [where](RequestContext& ctx) { renew_codes(ctx, where); },
      rerender);
  app.post(where.area, page_url(where) + "/disable", [where](RequestContext& ctx) { disable(ctx, where); }, rerender);
}

}  // namespace deskd::accounts
