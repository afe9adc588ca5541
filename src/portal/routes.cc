#include "portal/routes.h"

#include "accounts/login.h"
#include "cookies/registry.h"
#include "pipeline/render.h"
#include "portal/cookie_policy.h"

namespace deskd::portal {
namespace {

using pipeline::Area;
using pipeline::RequestContext;

void show_home(RequestContext& ctx) {
  pipeline::Page page(ctx, "portal_home.tpl", ctx.t("site.name"));
  if (ctx.query.get("logged_out") == "1" && !ctx.signed_in()) page.body().ShowSection("LOGGED_OUT");
  page.finish();
}

// GET /change-language?lang=da&return_to=/kb
void change_language(RequestContext& ctx) {
  const std::string_view wanted = ctx.query.get("lang");
  const auto& langs = ctx.settings->languages;
  const bool enabled = std::find(langs.begin(), langs.end(), wanted) != langs.end();
  if (enabled) {
    const std::string current(ctx.cookie(cookies::CookieId::kLastLang, [](std::string_view) { return true; })
                                  .value_or(std::string_view()));
    if (current != wanted) ctx.jar.set(cookies::CookieId::kLastLang, std::string(wanted));
    if (ctx.person && ctx.person->language != wanted) {
      (void)ctx.svc.storage.people().set_language(ctx.person->id, wanted);
    }
  }
  ctx.redirect(pipeline::safe_return_to(ctx.query.get("return_to"), "/"));
}

}  // namespace

void register_routes(pipeline::App& app) {
  app.get(Area::kPortal, "/", show_home);
  app.get(Area::kPortal, "/change-language", change_language);
  app.get(Area::kPortal, "/cookies", show_cookie_policy);
  accounts::register_login_routes(app, {Area::kPortal, "", "login.heading"});
}

}  // namespace deskd::portal
