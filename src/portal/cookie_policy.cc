#include "portal/cookie_policy.h"

#include "helpcenter/cookie_rows.h"
#include "pipeline/render.h"

namespace deskd::portal {
namespace {

// The browser's stored choice in consent mode: "all", "essential" or "" (none yet).
std::string consent_choice(pipeline::RequestContext& ctx) {
  if (auto pending = ctx.jar.pending_value(cookies::CookieId::kConsent)) return *pending;
  auto sent =
      ctx.cookie(cookies::CookieId::kConsent, [](std::string_view v) { return v == "all" || v == "essential"; });
  return sent ? std::string(*sent) : std::string();
}

}  // namespace

void show_cookie_policy(pipeline::RequestContext& ctx) {
  pipeline::Page page(ctx, "cookies.tpl", ctx.t("cookies.heading"));
  auto& body = page.body();
  for (const auto& row : helpcenter::cookie_rows(ctx.svc.catalogs, ctx.lang)) {
    auto* r = body.AddSectionDictionary("ROW");
    r->SetValue("PURPOSE", row.purpose);
    r->SetValue("TYPE", row.type);
    r->SetValue("APPLIES", row.applies);
    for (std::string_view name : row.names) r->AddSectionDictionary("NAME")->SetValue("COOKIE", std::string(name));
  }
  // SPEC §13: in consent mode the choice is always offered again here, so
  // withdrawing is as easy as consenting.
  if (ctx.settings->optional_cookies == OptionalCookies::kConsent) {
    auto* choice = body.AddSectionDictionary("CHOICE");
    const std::string current = consent_choice(ctx);
    choice->SetValue("CURRENT", ctx.t(current == "all"         ? "cookies.choice_all"
                                      : current == "essential" ? "cookies.choice_essential"
                                                               : "cookies.choice_none"));
    choice->SetValue("CSRF", ctx.csrf_token());
    if (current == "all") choice->ShowSection("ACCEPTED");
    if (current == "essential") choice->ShowSection("DECLINED");
  } else {
    body.SetValueAndShowSection(
        "MODE_TEXT",
        ctx.t(ctx.settings->optional_cookies == OptionalCookies::kOff ? "cookies.mode_off" : "cookies.mode_on"),
        "MODE");
  }
  const std::vector<std::pair<std::string, std::string>> days = {
      {"visitor_days", std::to_string(ctx.settings->visitor_retention_days)},
      {"ip_days", std::to_string(ctx.settings->ip_retention_days)}};
  body.SetValue("RETENTION_TEXT", ctx.svc.catalogs.format(ctx.lang, "cookies.retention", days));
  page.finish();
}

}  // namespace deskd::portal
