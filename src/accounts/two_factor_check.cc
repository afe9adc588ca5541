#include "accounts/two_factor_check.h"

#include "core/text.h"
#include "pipeline/audit.h"
#include "security/throttle.h"
#include "security/totp.h"

namespace deskd::accounts {
namespace {

// A TOTP code as people type it: six digits, maybe split by a space.
std::string digits_only(std::string_view typed) {
  std::string out;
  for (char c : typed)
    if (c != ' ') out.push_back(c);
  return out;
}

security::LoginKeys keys_for(const pipeline::RequestContext& ctx, const storage::Person& person) {
  return security::login_keys("2fa:" + person.email, ctx.client_ip);
}

// kThrottled with the wait when the keys must still wait, else nullopt.
std::optional<FactorCheck> throttled(pipeline::RequestContext& ctx, const storage::Person& person,
                                     const security::LoginKeys& keys, std::string_view purpose) {
  const int64_t wait_ms = security::login_retry_after_ms(ctx.svc.throttle, keys);
  if (wait_ms <= 0) return std::nullopt;
  pipeline::audit(ctx, "two_factor_throttled", person.id, person.email, purpose);
  FactorCheck c;
  c.outcome = FactorOutcome::kThrottled;
  c.retry_after_s = (wait_ms + 999) / 1000;
  return c;
}

FactorCheck failed(pipeline::RequestContext& ctx, const storage::Person& person, const security::LoginKeys& keys,
                   std::string_view purpose, std::string_view why) {
  security::record_login_failure(ctx.svc.throttle, keys);
  pipeline::audit(ctx, "two_factor_failed", person.id, person.email, std::string(purpose) + ": " + std::string(why));
  return FactorCheck{};
}

FactorCheck unavailable() {
  FactorCheck c;
  c.outcome = FactorOutcome::kUnavailable;
  return c;
}

}  // namespace

FactorCheck check_second_factor(pipeline::RequestContext& ctx, const storage::Person& person, std::string_view typed,
                                std::string_view purpose) {
  const security::LoginKeys keys = keys_for(ctx, person);
  if (auto wait = throttled(ctx, person, keys, purpose)) return *wait;
  auto& store = ctx.svc.storage.two_factor();
  auto record = store.find(person.id);
  if (!record.is_ok() && record.status().code() != Code::kNotFound) return unavailable();
  if (!record.is_ok() || record->confirmed_ms == 0) return failed(ctx, person, keys, purpose, "not enrolled");
  typed = trim_ows(typed);
  const std::string code = digits_only(typed);
  if (code.size() == static_cast<size_t>(security::kTotpDigits)) {
    auto key = security::totp_key(record->secret);
    auto step = key ? security::totp_match(*key, code, ctx.svc.clock.now_ms()) : std::nullopt;
    if (!step) return failed(ctx, person, keys, purpose, "wrong code");
    Status used = store.use_step(person.id, *step);
    if (used.code() == Code::kConflict) return failed(ctx, person, keys, purpose, "code already used");
    if (!used.is_ok()) return unavailable();
    security::record_login_success(ctx.svc.throttle, keys);
    FactorCheck ok;
    ok.outcome = FactorOutcome::kOk;
    ok.step = *step;
    return ok;
  }
  auto normalized = security::normalize_recovery_code(typed);
  if (!normalized) return failed(ctx, person, keys, purpose, "malformed code");
  Status used = store.use_recovery_code(person.id, security::recovery_code_hash(*normalized), ctx.svc.clock.now_ms());
  if (used.code() == Code::kConflict) return failed(ctx, person, keys, purpose, "wrong recovery code");
  if (!used.is_ok()) return unavailable();
  security::record_login_success(ctx.svc.throttle, keys);
  pipeline::audit(ctx, "recovery_code_used", person.id, person.email,
                  std::string(purpose) + ": " + std::to_string(record->recovery_codes_left - 1) + " left");
  FactorCheck ok;
  ok.outcome = FactorOutcome::kOk;
  ok.used_recovery_code = true;
  return ok;
}

FactorCheck check_enrolment_code(pipeline::RequestContext& ctx, const storage::Person& person,
                                 std::string_view base32_secret, std::string_view typed) {
  const security::LoginKeys keys = keys_for(ctx, person);
  if (auto wait = throttled(ctx, person, keys, "enrolment")) return *wait;
  auto key = security::totp_key(base32_secret);
  auto step = key ? security::totp_match(*key, digits_only(trim_ows(typed)), ctx.svc.clock.now_ms()) : std::nullopt;
  if (!step) return failed(ctx, person, keys, "enrolment", "wrong code");
  security::record_login_success(ctx.svc.throttle, keys);
  FactorCheck ok;
  ok.outcome = FactorOutcome::kOk;
  ok.step = *step;
  return ok;
}

std::string factor_error(pipeline::RequestContext& ctx, const FactorCheck& check) {
  switch (check.outcome) {
    case FactorOutcome::kOk: return {};
    case FactorOutcome::kWrong: return ctx.t("two_factor.wrong_code");
    case FactorOutcome::kUnavailable: return ctx.t("error.503");
    case FactorOutcome::kThrottled:
      ctx.res.set_header("Retry-After", std::to_string(check.retry_after_s));
      return ctx.svc.catalogs.format(ctx.lang, "login.throttled", {{"seconds", std::to_string(check.retry_after_s)}});
  }
  return {};
}

}  // namespace deskd::accounts
