#include "agent/routes.h"

#include "accounts/login.h"
#include "accounts/my_sessions.h"
#include "accounts/two_factor_account.h"
#include "agent/account_page.h"
#include "agent/canned.h"
#include "agent/chats.h"
#include "agent/comments.h"
#include "agent/kb_editor.h"
#include "agent/layout.h"
#include "agent/people.h"
#include "agent/reports.h"
#include "agent/ticket_search.h"
#include "agent/tickets.h"
#include "i18n/format.h"
#include "pipeline/render.h"

namespace deskd::agent {
namespace {

using pipeline::Area;
using pipeline::RequestContext;

const accounts::LoginArea kLogin{Area::kAgent, "/agent", "agent.login_heading"};

// What needs an agent's attention, each linking to where it is handled.
void show_home(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  auto& storage = ctx.svc.storage;
  pipeline::Page page(ctx, "staff_home.tpl", ctx.t("agent.home_heading"));
  auto& body = page.body();
  body.SetValue("HEADING", ctx.t("agent.home_heading"));
  auto add = [&](const char* label_key, const char* url, int64_t count) {
    auto* item = body.AddSectionDictionary("ITEM");
    item->SetValue("LABEL", ctx.t(label_key));
    item->SetValue("URL", url);
    item->SetValue("COUNT", i18n::format_number(ctx.lang, count));
  };
  if (auto by_status = storage.tickets().count_by_status(); by_status.is_ok()) {
    auto open = by_status->find(storage::TicketStatus::kOpen);
    add("staff.home.open_tickets", "/agent/tickets?status=open", open == by_status->end() ? 0 : open->second);
  }
  if (auto queued = storage.chats().queue_size(); queued.is_ok())
    add("staff.home.queued_chats", "/agent/chats", *queued);
  if (auto pending = storage.feedback().pending_count(); pending.is_ok())
    add("staff.home.pending_comments", "/agent/comments", *pending);
  page.finish();
}

}  // namespace

void register_routes(pipeline::App& app) {
  app.add_layout_part(Area::kAgent, fill_agent_layout);
  app.get(Area::kAgent, "/agent", show_home);
  app.get(Area::kAgent, "/agent/", show_home);
  accounts::register_login_routes(app, kLogin);
  register_comment_routes(app);
  register_kb_editor_routes(app);
  register_ticket_routes(app);
  register_ticket_search_routes(app);
  register_people_routes(app);
  register_report_routes(app);
  register_chat_routes(app);
  register_canned_routes(app);
  register_account_routes(app);
  accounts::register_my_sessions_routes(app, {"/agent", kLogin});
  accounts::register_two_factor_account_routes(app, kLogin);
}

}  // namespace deskd::agent
