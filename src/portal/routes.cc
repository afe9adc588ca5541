#include "portal/routes.h"

#include "accounts/account.h"
#include "accounts/login.h"
#include "accounts/my_sessions.h"
#include "accounts/password_reset.h"
#include "accounts/register.h"
#include "cookies/registry.h"
#include "helpcenter/engage_routes.h"
#include "helpcenter/kb_routes.h"
#include "helpcenter/tickets_routes.h"
#include "helpcenter/ticket_deflection.h"
#include "portal/cookie_policy.h"
#include "portal/layout.h"

namespace deskd::portal {
namespace {

using pipeline::Area;
using pipeline::RequestContext;

// GET /change-language?lang=da&return_to=/kb
void change_language(RequestContext& ctx) {
  const std::string_view wanted = ctx.query.get("lang");
  const auto& langs = ctx.settings->languages;
  const bool enabled = std::find(langs.begin(), langs.end(), wanted) != langs.end();
  if (enabled) {
    const std::string current(
        ctx.cookie(cookies::CookieId::kLastLang, [](std::string_view) { return true; }).value_or(std::string_view()));
    if (current != wanted) ctx.jar.set(cookies::CookieId::kLastLang, std::string(wanted));
    if (ctx.person && ctx.person->language != wanted) {
      (void)ctx.svc.storage.people().set_language(ctx.person->id, wanted);
      ctx.people_changed = true;
    }
  }
  ctx.redirect(pipeline::safe_return_to(ctx.query.get("return_to"), "/"));
}

}  // namespace

void register_routes(pipeline::App& app, helpcenter::ContentCache& content) {
  app.add_layout_part(Area::kPortal, fill_portal_layout);
  app.get(Area::kPortal, "/change-language", change_language);
  app.get(Area::kPortal, "/cookies", show_cookie_policy);
  helpcenter::register_engage_routes(app);
  helpcenter::register_kb_routes(app, content);
  const accounts::LoginArea login{Area::kPortal, "", "login.heading"};
  accounts::register_login_routes(app, login);
  accounts::register_registration_routes(app);
  accounts::register_password_reset_routes(app);
  accounts::register_account_routes(app);
  accounts::register_my_sessions_routes(app, {"/account", login});
  helpcenter::register_ticket_routes(app);
  helpcenter::register_deflection_routes(app);
}

}  // namespace deskd::portal
