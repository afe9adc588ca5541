#include "accounts/two_factor_page.h"

#include "accounts/qr_svg.h"
#include "http/form.h"

namespace deskd::accounts {

std::string otpauth_uri(const pipeline::RequestContext& ctx, std::string_view email, std::string_view base32_secret) {
  std::string_view host = ctx.public_origin;
  if (auto scheme = host.find("://"); scheme != std::string_view::npos) host.remove_prefix(scheme + 3);
  const std::string issuer = host.empty() ? std::string("deskd") : "deskd " + std::string(host);
  return "otpauth://totp/" + http::percent_encode(issuer) + ":" + http::percent_encode(email) +
         "?secret=" + std::string(base32_secret) + "&issuer=" + http::percent_encode(issuer) +
         "&algorithm=SHA1&digits=6&period=30";
}

void render_two_factor(pipeline::RequestContext& ctx, const storage::Person& person, const TwoFactorView& view) {
  ctx.res.body.clear();
  pipeline::Page page(ctx, "two_factor.tpl", ctx.t(view.heading_key));
  auto& b = page.body();
  b.SetValue("HEADING", ctx.t(view.heading_key));
  if (!view.intro_key.empty()) b.SetValueAndShowSection("INTRO_TEXT", ctx.t(view.intro_key), "INTRO");
  if (!view.notice.empty()) b.SetValueAndShowSection("NOTICE_TEXT", view.notice, "NOTICE");
  if (!view.error.empty()) b.SetValueAndShowSection("ERROR_TEXT", view.error, "ERROR");
  if (!view.enrol_secret.empty()) {
    auto* enrol = b.AddSectionDictionary("ENROL");
    const std::string uri = otpauth_uri(ctx, person.email, view.enrol_secret);
    enrol->SetValue("URI", uri);
    enrol->SetValue("SECRET", view.enrol_secret);
    // Generated from the bitmap only (no text of ours or the person's): inserted unescaped.
    if (auto svg = qr_svg(uri)) enrol->SetValue("QR_SVG", *svg);
  }
  if (!view.codes.empty()) {
    auto* codes = b.AddSectionDictionary("CODES");
    for (const auto& c : view.codes) codes->AddSectionDictionary("CODE")->SetValue("VALUE", c);
    codes->SetValue("CONTINUE_URL", view.continue_url);
  }
  if (!view.status.empty()) b.SetValueAndShowSection("STATUS_TEXT", view.status, "STATUS");
  const std::string csrf = view.forms.empty() ? std::string() : ctx.csrf_token();
  for (const auto& f : view.forms) {
    auto* form = b.AddSectionDictionary("FORM");
    form->SetValue("ACTION", f.action);
    form->SetValue("CSRF", csrf);
    form->SetValue("LABEL", ctx.t(f.label_key));
    form->SetValue("BUTTON", ctx.t(f.button_key));
    if (!f.hint_key.empty()) form->SetValueAndShowSection("HINT", ctx.t(f.hint_key), "FORM_HINT");
  }
  page.finish(view.status_code);
}

}  // namespace deskd::accounts
