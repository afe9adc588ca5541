#include "agent/routes.h"

#include "accounts/login.h"
#include "accounts/my_sessions.h"
#include "agent/chats.h"
#include "agent/comments.h"
#include "agent/kb_editor.h"
#include "agent/tickets.h"
#include "pipeline/render.h"

namespace deskd::agent {
namespace {

using pipeline::Area;
using pipeline::RequestContext;

const accounts::LoginArea kLogin{Area::kAgent, "/agent", "agent.login_heading"};

void show_home(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  pipeline::Page page(ctx, "staff_home.tpl", ctx.t("agent.home_heading"));
  page.body().SetValue("HEADING", ctx.t("agent.home_heading"));
  page.finish();
}

}  // namespace

void register_routes(pipeline::App& app) {
  app.get(Area::kAgent, "/agent", show_home);
  app.get(Area::kAgent, "/agent/", show_home);
  accounts::register_login_routes(app, kLogin);
  register_comment_routes(app);
  register_kb_editor_routes(app);
  register_ticket_routes(app);
  register_chat_routes(app);
  accounts::register_my_sessions_routes(app, {"/agent", kLogin});
}

}  // namespace deskd::agent
