#include "admin/dashboard.h"

#include "admin/counts.h"
#include "admin/shell.h"
#include "i18n/format.h"
#include "pipeline/render.h"

namespace deskd::admin {
namespace {

using pipeline::RequestContext;

constexpr int64_t kDayMs = 86'400'000;
// Audit events counted at most; beyond it the dashboard shows "10,000+".
constexpr int kAuditCountCap = 10'000;

void add_count(ctemplate::TemplateDictionary& body, const RequestContext& ctx, const char* label_key, const char* url,
               const std::string& value) {
  auto* row = body.AddSectionDictionary("COUNT");
  row->SetValue("LABEL", ctx.t(label_key));
  row->SetValue("URL", url);
  row->SetValue("VALUE", value);
}

void show_dashboard(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  auto& store = ctx.svc.storage;
  auto people = count_people(store.people());
  if (!people.is_ok()) return pipeline::render_status(ctx, people.status());
  auto sessions = store.sessions().count();
  if (!sessions.is_ok()) return pipeline::render_status(ctx, sessions.status());
  auto remembered = count_remember_tokens(store.remember());
  if (!remembered.is_ok()) return pipeline::render_status(ctx, remembered.status());
  storage::AuditFilter recent;
  recent.since_ms = ctx.svc.clock.now_ms() - kDayMs;
  recent.limit = kAuditCountCap + 1;
  auto events = store.audit().list(recent);
  if (!events.is_ok()) return pipeline::render_status(ctx, events.status());

  auto number = [&](int64_t n) { return i18n::format_number(ctx.lang, n); };
  const std::string events_text = events->size() > static_cast<size_t>(kAuditCountCap)
                                      ? number(kAuditCountCap) + "+"
                                      : number(static_cast<int64_t>(events->size()));

  pipeline::Page page(ctx, "admin_dashboard.tpl", ctx.t("admin.dashboard.heading"));
  auto& b = page.body();
  add_nav(b, ctx, Section::kDashboard);
  // SPEC §12: the dashboard says when two-factor sign-in is not required.
  if (ctx.settings->require_2fa == RequireTwoFactor::kOff) b.ShowSection("TWO_FACTOR_OFF");
  add_count(b, ctx, "admin.dashboard.users", "/admin/people", number(people->users));
  add_count(b, ctx, "admin.dashboard.agents", "/admin/people", number(people->agents));
  add_count(b, ctx, "admin.dashboard.admins", "/admin/people", number(people->admins));
  add_count(b, ctx, "admin.dashboard.disabled", "/admin/people", number(people->disabled));
  add_count(b, ctx, "admin.dashboard.sessions", "/admin/sessions", number(*sessions));
  add_count(b, ctx, "admin.dashboard.remembered", "/admin/sessions", number(*remembered));
  add_count(b, ctx, "admin.dashboard.audit_24h", "/admin/audit", events_text);
  // The Messenger embed snippet (docs/messenger.md) and where it may be pasted.
  const std::string origin = ctx.public_origin;
  b.SetValue("EMBED_SNIPPET", "<script async src=\"" + origin + "/messenger/loader.js\"></script>");
  for (const auto& allowed : ctx.settings->messenger_allowed_origins)
    b.AddSectionDictionary("ALLOWED_ORIGIN")->SetValue("ORIGIN", allowed);
  if (ctx.settings->messenger_allowed_origins.empty()) b.ShowSection("NO_ALLOWED_ORIGINS");
  page.finish();
}

}  // namespace

void register_dashboard(pipeline::App& app) {
  app.get(pipeline::Area::kAdmin, "/admin", show_dashboard);
  app.get(pipeline::Area::kAdmin, "/admin/", show_dashboard);
}

}  // namespace deskd::admin
