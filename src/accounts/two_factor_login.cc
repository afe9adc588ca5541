#include "accounts/two_factor_login.h"

#include <nlohmann/json.hpp>

#include "accounts/hygiene.h"
#include "accounts/two_factor_check.h"
#include "accounts/two_factor_page.h"
#include "core/degraded.h"
#include "pipeline/audit.h"
#include "pipeline/remember_login.h"
#include "pipeline/two_factor_policy.h"
#include "security/totp.h"

namespace deskd::accounts {
namespace {

using nlohmann::json;
using pipeline::RequestContext;

constexpr const char* kPendingKey = "two_factor_login";

struct Pending {
  int64_t person_id = 0;
  bool remember = false;
  std::string return_to;
  bool enrol = false;  // the person must enrol before signing in
};

std::string home_of(const LoginArea& where) {
  return where.base + "/";
}

std::string step_url(const LoginArea& where) {
  return where.base + "/login/two-factor";
}

std::optional<Pending> read_pending(const RequestContext& ctx) {
  if (!ctx.session || ctx.session->person_id != 0) return std::nullopt;
  const json data = json::parse(ctx.session->data, nullptr, false);
  if (!data.is_object() || !data.contains(kPendingKey)) return std::nullopt;
  const json& p = data[kPendingKey];
  if (!p.is_object() || !p.value("person", json()).is_number_integer() || !p.value("until", json()).is_number_integer())
    return std::nullopt;
  if (p["until"].get<int64_t>() <= ctx.svc.clock.now_ms()) return std::nullopt;
  Pending out;
  out.person_id = p["person"].get<int64_t>();
  out.remember = p.value("remember", false);
  out.return_to = p.value("return_to", std::string());
  out.enrol = p.value("enrol", false);
  return out;
}

// Removes the parked sign-in from the session (before it is rotated into a
// signed-in one, which keeps the data).
void clear_pending(RequestContext& ctx) {
  if (!ctx.session) return;
  json data = json::parse(ctx.session->data, nullptr, false);
  if (!data.is_object() || !data.contains(kPendingKey)) return;
  data.erase(kPendingKey);
  ctx.session->data = data.dump();
  ok_or_degraded(Degraded::kSessionDataNotSaved, ctx.svc.sessions.save_data(*ctx.session),
                 "clearing a finished two-factor sign-in");
}

// The parked person, still allowed into the area; nullopt (after sending the
// browser back to the password form) otherwise.
std::optional<std::pair<Pending, storage::Person>> pending_person(RequestContext& ctx, const LoginArea& where) {
  auto pending = read_pending(ctx);
  if (pending) {
    auto person = ctx.svc.storage.people().find_by_id(pending->person_id);
    if (person.is_ok() && !person->disabled && pipeline::area_admits(where.area, person->role))
      return std::make_pair(*pending, *person);
    clear_pending(ctx);
  }
  ctx.flash("two_factor.expired");
  ctx.redirect(where.base + "/login");
  return std::nullopt;
}

// The secret being enrolled: the person's unconfirmed one, or a fresh one.
Result<std::string> enrolment_secret(RequestContext& ctx, int64_t person_id) {
  auto& store = ctx.svc.storage.two_factor();
  auto found = store.find(person_id);
  if (found.is_ok() && found->confirmed_ms == 0) return found->secret;
  if (!found.is_ok() && found.status().code() != Code::kNotFound) return found.status();
  if (found.is_ok()) return conflict("already enrolled");
  std::string secret = security::totp_new_secret(ctx.svc.random);
  if (Status s = store.begin(person_id, secret, ctx.svc.clock.now_ms()); !s.is_ok()) return s;
  return secret;
}

void render_step(RequestContext& ctx, const LoginArea& where, const Pending& pending, const storage::Person& person,
                 std::string error, int status) {
  TwoFactorView view;
  view.status_code = status;
  view.error = std::move(error);
  if (pending.enrol) {
    auto secret = enrolment_secret(ctx, person.id);
    if (!secret.is_ok()) {
      pipeline::render_status(ctx, secret.status());
      return;
    }
    view.heading_key = "two_factor.enrol_heading";
    view.intro_key = "two_factor.required_intro";
    view.enrol_secret = *secret;
    view.forms.push_back({step_url(where), "two_factor.code_from_app", "two_factor.confirm", ""});
  } else {
    view.heading_key = "two_factor.step_heading";
    view.forms.push_back({step_url(where), "two_factor.code", "two_factor.verify", "two_factor.step_hint"});
  }
  render_two_factor(ctx, person, view);
}

// Signs the parked person in as a password login would.
bool complete_sign_in(RequestContext& ctx, const LoginArea& where, const Pending& pending,
                      const storage::Person& person) {
  clear_pending(ctx);
  if (Status s = ctx.sign_in(person, false); !s.is_ok()) {
    pipeline::render_status(ctx, s);
    return false;
  }
  pipeline::remember_after_login(ctx, person, pending.remember);
  pipeline::audit(ctx, "login", person.id, person.email,
                  std::string(pipeline::interface_label(where.area)) + ", two-factor");
  return true;
}

void show_step(RequestContext& ctx, const LoginArea& where) {
  if (ctx.signed_in()) {
    ctx.redirect(home_of(where));
    return;
  }
  auto parked = pending_person(ctx, where);
  if (!parked) return;
  render_step(ctx, where, parked->first, parked->second, {}, 200);
}

void submit_step(RequestContext& ctx, const LoginArea& where) {
  auto parked = pending_person(ctx, where);
  if (!parked) return;
  const auto& [pending, person] = *parked;
  const std::string_view typed = ctx.form.get("code");
  if (!pending.enrol) {
    FactorCheck check = check_second_factor(ctx, person, typed, pipeline::interface_label(where.area));
    if (check.outcome != FactorOutcome::kOk) {
      const int status = check.outcome == FactorOutcome::kThrottled ? 429
                         : check.outcome == FactorOutcome::kUnavailable ? 503 : 200;
      render_step(ctx, where, pending, person, factor_error(ctx, check), status);
      return;
    }
    if (!complete_sign_in(ctx, where, pending, person)) return;
    if (check.used_recovery_code) ctx.flash("two_factor.recovery_code_used");
    ctx.redirect(pipeline::safe_return_to(pending.return_to, home_of(where)));
    return;
  }
  auto secret = enrolment_secret(ctx, person.id);
  if (!secret.is_ok()) {
    pipeline::render_status(ctx, secret.status());
    return;
  }
  FactorCheck check = check_enrolment_code(ctx, person, *secret, typed);
  if (check.outcome != FactorOutcome::kOk) {
    render_step(ctx, where, pending, person, factor_error(ctx, check),
                check.outcome == FactorOutcome::kThrottled ? 429 : 200);
    return;
  }
  const std::vector<std::string> codes = security::new_recovery_codes(ctx.svc.random);
  std::vector<std::string> hashes;
  for (const auto& c : codes) hashes.push_back(security::recovery_code_hash(*security::normalize_recovery_code(c)));
  if (Status s = ctx.svc.storage.two_factor().confirm(person.id, check.step, hashes, ctx.svc.clock.now_ms());
      !s.is_ok()) {
    pipeline::render_status(ctx, s);
    return;
  }
  // Sessions and remembered devices from before the second factor end.
  (void)end_other_sessions(ctx.svc, person.id, "");  // failures are logged and counted inside
  pipeline::audit(ctx, "two_factor_enabled", person.id, person.email, pipeline::interface_label(where.area));
  if (!complete_sign_in(ctx, where, pending, person)) return;
  TwoFactorView view;
  view.heading_key = "two_factor.codes_heading";
  view.notice = ctx.t("two_factor.enabled");
  view.codes = codes;
  view.continue_url = pipeline::safe_return_to(pending.return_to, home_of(where));
  render_two_factor(ctx, person, view);
}

}  // namespace

bool begin_second_step(RequestContext& ctx, const LoginArea& where, const storage::Person& person) {
  if (where.area != pipeline::Area::kAgent && where.area != pipeline::Area::kAdmin) return false;
  const bool enrolled = pipeline::two_factor_enrolled(ctx.svc.storage, person.id);
  if (!enrolled && !pipeline::two_factor_required(*ctx.settings, person.role)) return false;
  // A fresh anonymous session carries the parked sign-in: never one somebody
  // else may know (a planted id) or one signed in as someone else.
  if (ctx.session) {
    if (Status s = ctx.sign_out(); !s.is_ok()) {
      pipeline::render_status(ctx, s);
      return true;
    }
  }
  auto session = ctx.ensure_session();
  if (!session.is_ok()) {
    pipeline::render_status(ctx, session.status());
    return true;
  }
  json data = json::object();
  data[kPendingKey] = {
      {"person", person.id},
      {"remember", ctx.form.get("remember_me") == "1"},
      {"return_to", pipeline::safe_return_to(ctx.form.get("return_to"), home_of(where))},
      {"enrol", !enrolled},
      {"until", ctx.svc.clock.now_ms() + kPendingMs},
  };
  (*session)->data = data.dump();
  if (Status s = ctx.svc.sessions.save_data(**session); !s.is_ok()) {
    pipeline::render_status(ctx, s);
    return true;
  }
  ctx.redirect(step_url(where));
  return true;
}

void register_two_factor_login_routes(pipeline::App& app, const LoginArea& where) {
  auto open_route = [&](std::string method, pipeline::HandlerFn fn, pipeline::RerenderFn rerender) {
    pipeline::Route r;
    r.pattern = step_url(where);
    r.area = where.area;
    r.access = pipeline::Access::kAnyone;  // the person is not signed in yet
    r.handle = std::move(fn);
    r.rerender = std::move(rerender);
    app.add(std::move(method), std::move(r));
  };
  open_route("GET", [where](RequestContext& ctx) { show_step(ctx, where); }, {});
  open_route(
      "POST", [where](RequestContext& ctx) { submit_step(ctx, where); },
      [where](RequestContext& ctx, std::string_view notice, int status) {
        // A failed CSRF or origin check: the same step again with a fresh token.
        auto pending = read_pending(ctx);
        auto person = pending ? ctx.svc.storage.people().find_by_id(pending->person_id)
                              : Result<storage::Person>(not_found("no pending sign-in"));
        if (!pending || !person.is_ok()) {
          pipeline::render_resubmit(ctx, notice);
          return;
        }
        render_step(ctx, where, *pending, *person, ctx.t(notice), status);
      });
}

}  // namespace deskd::accounts
