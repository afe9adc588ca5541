#include "admin/routes.h"

#include "accounts/login.h"
#include "pipeline/render.h"

namespace deskd::admin {
namespace {

using pipeline::Area;
using pipeline::RequestContext;

// The admin interface never honours Remember Me: its login always asks for the password.
const accounts::LoginArea kLogin{Area::kAdmin, "/admin", "admin.login_heading"};

void show_home(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  pipeline::Page page(ctx, "staff_home.tpl", ctx.t("admin.home_heading"));
  page.body().SetValue("HEADING", ctx.t("admin.home_heading"));
  page.finish();
}

}  // namespace

void register_routes(pipeline::App& app) {
  app.get(Area::kAdmin, "/admin", show_home);
  app.get(Area::kAdmin, "/admin/", show_home);
  accounts::register_login_routes(app, kLogin);
}

}  // namespace deskd::admin
