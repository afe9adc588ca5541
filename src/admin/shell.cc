#include "admin/shell.h"

#include "http/form.h"

namespace deskd::admin {
namespace {

struct NavItem {
  Section section;
  const char* url;
  const char* label_key;
};

constexpr NavItem kNav[] = {
    {Section::kDashboard, "/admin/", "admin.nav.dashboard"},
    {Section::kPeople, "/admin/people", "admin.nav.people"},
    {Section::kGroups, "/admin/groups", "admin.nav.groups"},
    {Section::kSla, "/admin/sla", "admin.nav.sla"},
    {Section::kSettings, "/admin/settings", "admin.nav.settings"},
    {Section::kSessions, "/admin/sessions", "admin.nav.sessions"},
    {Section::kAudit, "/admin/audit", "admin.nav.audit"},
    {Section::kPrivacy, "/admin/privacy", "admin.nav.privacy"},
    {Section::kMail, "/admin/mail", "admin.nav.mail"},
    {Section::kApiKeys, "/admin/api-keys", "admin.nav.api_keys"},
    {Section::kWebhooks, "/admin/webhooks", "admin.nav.webhooks"},
};

}  // namespace

const accounts::LoginArea& login_area() {
  static const accounts::LoginArea area{pipeline::Area::kAdmin, "/admin", "admin.login_heading"};
  return area;
}

bool signed_in_admin(const pipeline::RequestContext& ctx) {
  return ctx.area == pipeline::Area::kAdmin && ctx.person && ctx.person->role == storage::Role::kAdmin;
}

bool require_admin(pipeline::RequestContext& ctx) {
  return accounts::require_sign_in(ctx, login_area());
}

void add_nav(ctemplate::TemplateDictionary& body, const pipeline::RequestContext& ctx, Section current) {
  auto* nav = body.AddIncludeDictionary("NAV");
  nav->SetFilename("admin_nav.tpl");
  for (const auto& item : kNav) {
    auto* link = nav->AddSectionDictionary("ITEM");
    link->SetValue("URL", item.url);
    link->SetValue("LABEL", ctx.t(item.label_key));
    if (item.section == current) link->ShowSection("CURRENT");
  }
}

std::optional<int64_t> id_param(const pipeline::RequestContext& ctx, std::string_view name) {
  auto it = ctx.params.find(name);
  if (it == ctx.params.end()) return std::nullopt;
  return http::parse_positive_id(it->second, 18);
}

void add_notice(ctemplate::TemplateDictionary& body, const pipeline::RequestContext& ctx, std::string_view key) {
  body.AddSectionDictionary("NOTICE")->SetValue("NOTICE_TEXT", ctx.t(key));
}

}  // namespace deskd::admin
