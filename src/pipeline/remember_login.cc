#include "pipeline/remember_login.h"
#include "core/degraded.h"

#include <spdlog/spdlog.h>

#include "mail/translated_mail.h"
#include "pipeline/audit.h"
#include "pipeline/two_factor_policy.h"

namespace deskd::pipeline {
namespace {

using cookies::CookieId;

// A user token signs in on the portal only; an agent token on /agent and the portal.
bool audience_admits(storage::RememberAudience audience, Area area) {
  if (area == Area::kPortal) return true;  // both audiences
  if (area == Area::kAgent) return audience == storage::RememberAudience::kAgent;
  return false;
}

// Written in the victim's stored language (else the site default), never in
// the language of the browser that presented the stolen token.
void queue_theft_mail(RequestContext& ctx, const storage::Person& person) {
  const mail::TranslatedMail m{person.email, "remember_theft", "mail.theft",
                               mail::recipient_language(ctx.svc.catalogs, person.language),
                               {{"ip", ctx.client_ip}}};
  if (Status s = mail::queue_translated_mail(ctx.svc.storage.outbox(), ctx.svc.catalogs, ctx.svc.clock, m);
      !s.is_ok()) {
    spdlog::error("security e-mail to person {} not queued", person.id);
  }
}

}  // namespace

void remember_login(RequestContext& ctx) {
  if (ctx.session || (ctx.area != Area::kPortal && ctx.area != Area::kAgent) || !ctx.optional_cookies_allowed()) return;
  const std::string wire = ctx.cookie_wire_name(CookieId::kRememberMe);
  if (!ctx.cookies.sent(wire)) return;
  auto value = ctx.cookie(CookieId::kRememberMe, session::RememberMe::well_formed);
  if (!value) {
    ctx.jar.clear(CookieId::kRememberMe);
    return;
  }
  auto& remember = ctx.svc.remember;
  // The audience is checked before anything rotates: a user's token met on
  // /agent stays as it is, and so does the cookie (it still serves the portal).
  session::RememberResult r =
      remember.consume(*value, [&](storage::RememberAudience audience) { return audience_admits(audience, ctx.area); });
  if (r.outcome == session::RememberOutcome::kElsewhere) return;
  if (r.outcome == session::RememberOutcome::kInvalid) {
    ctx.jar.clear(CookieId::kRememberMe);
    return;
  }
  auto person = ctx.svc.storage.people().find_by_id(r.person_id);
  if (r.outcome == session::RememberOutcome::kTheft) {
    ctx.jar.clear(CookieId::kRememberMe);
    ok_or_degraded(Degraded::kRememberRevokeFailed, remember.revoke_person(r.person_id).status(),
                   "remember theft: revoking the person's remember tokens");
    ok_or_degraded(Degraded::kSessionEndFailed, ctx.svc.sessions.end_person_sessions(r.person_id, "").status(),
                   "remember theft: ending the person's sessions");
    audit(ctx, "remember_theft", r.person_id, person.is_ok() ? person->email : "", interface_label(ctx.area));
    spdlog::warn("remember-me theft detected for person {} from {}", r.person_id, ctx.client_ip);
    if (person.is_ok()) queue_theft_mail(ctx, *person);
    return;
  }
  const bool audience_on =
      r.audience == storage::RememberAudience::kUser ? ctx.settings->remember_users : ctx.settings->remember_agents;
  if (!person.is_ok() || person->disabled || !audience_on || !area_admits(ctx.area, person->role)) {
    // The token can never sign this person in here again: it goes, with its cookie.
    ctx.jar.clear(CookieId::kRememberMe);
    ok_or_degraded(Degraded::kRememberRevokeFailed, remember.revoke(r.new_cookie.value_or(std::string(*value))),
                   "revoking a remember token that can no longer sign in");
    return;
  }
  if (ctx.area == Area::kAgent && two_factor_required(*ctx.settings, person->role) &&
      !two_factor_enrolled(ctx.svc.storage, person->id)) {
    // Two-factor sign-in became required after this token was minted: the
    // person signs in fully (and enrols) instead. The token stays for the
    // portal; it was rotated, so the browser must get the new value.
    if (r.new_cookie) ctx.jar.set(CookieId::kRememberMe, *r.new_cookie, r.max_age_s);
    return;
  }
  if (Status s = ctx.sign_in(*person, /*via_remember=*/true); !s.is_ok()) {
    spdlog::error("remember-me sign-in failed: {}", s.to_string());
    return;
  }
  if (r.new_cookie) ctx.jar.set(CookieId::kRememberMe, *r.new_cookie, r.max_age_s);
  audit(ctx, "remember_login", person->id, person->email, interface_label(ctx.area));
}

void remember_after_login(RequestContext& ctx, const storage::Person& person) {
  remember_after_login(ctx, person, ctx.form.get("remember_me") == "1");
}

void remember_after_login(RequestContext& ctx, const storage::Person& person, bool ticked) {
  if (!ticked || !ctx.remember_me_offered()) return;
  const storage::RememberAudience audience =
      ctx.area == Area::kAgent ? storage::RememberAudience::kAgent : storage::RememberAudience::kUser;
  const int64_t days = ctx.settings->remember_days;
  auto value = ctx.svc.remember.issue(person.id, audience, days, ctx.client_ip, ctx.req.header("User-Agent"));
  if (!value.is_ok()) {
    spdlog::error("remember-me token not issued: {}", value.status().to_string());
    return;
  }
  ctx.jar.set(CookieId::kRememberMe, *value, days * 86400);
}

void forget_remembered(RequestContext& ctx) {
  const std::string wire = ctx.cookie_wire_name(CookieId::kRememberMe);
  if (!ctx.cookies.sent(wire)) return;
  if (auto value = ctx.cookie(CookieId::kRememberMe, session::RememberMe::well_formed))
    ok_or_degraded(Degraded::kRememberRevokeFailed, ctx.svc.remember.revoke(*value),
                   "logout: revoking the remember token");
  ctx.jar.clear(CookieId::kRememberMe);
}

}  // namespace deskd::pipeline
