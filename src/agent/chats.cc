#include "agent/chats.h"

#include <nlohmann/json.hpp>

#include "accounts/login.h"
#include "agent/canned.h"
#include "agent/notify_box.h"
#include "pipeline/render.h"

namespace deskd::agent {
namespace {

using pipeline::Area;
using pipeline::RequestContext;

const accounts::LoginArea kLogin{Area::kAgent, "/agent", "agent.login_heading"};
constexpr std::string_view kStringsPrefix = "messenger.agent.";

// The console script's strings in ctx.lang, keyed without the prefix.
std::string console_strings(const RequestContext& ctx) {
  nlohmann::json strings = nlohmann::json::object();
  const auto& all = ctx.svc.catalogs.all(ctx.lang);
  for (auto it = all.lower_bound(kStringsPrefix); it != all.end() && it->first.starts_with(kStringsPrefix); ++it)
    strings[it->first.substr(kStringsPrefix.size())] = it->second;
  return strings.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void show_console(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  pipeline::Page page(ctx, "messenger_agent_chats.tpl", ctx.t("messenger.agent.heading"));
  auto& b = page.body();
  b.SetIntValue("AGENT_ID", ctx.person->id);
  b.SetValue("STRINGS_JSON", console_strings(ctx));
  b.SetValue("SCRIPT_URL", ctx.svc.static_files.url("agent-chat.js"));
  b.SetValue("STYLE_URL", ctx.svc.static_files.url("agent-chat.css"));
  // Canned replies for "/" suggestions (agent-canned.js fills the placeholders per chat).
  nlohmann::json canned = nlohmann::json::array();
  for (const auto& r : usable_canned(ctx)) canned.push_back({{"title", r.title}, {"body", r.body}});
  b.SetValue("CANNED_JSON", canned.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  b.SetValue("AGENT_NAME", agent_display_name(ctx));
  b.SetValue("CANNED_SCRIPT_URL", ctx.svc.static_files.url("agent-canned.js"));
  add_notify_box(b, ctx, NotifySocket::kPageHoldsIt);  // agent-chat.js holds the socket
  page.finish();
}

}  // namespace

void register_chat_routes(pipeline::App& app) {
  app.get(Area::kAgent, "/agent/chats", show_console);
}

}  // namespace deskd::agent
