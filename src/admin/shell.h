#pragma once
// What every admin page shares: the admin login area, the sign-in gate and the
// admin navigation (admin_nav.tpl, included by each admin_*.tpl as NAV).
#include <ctemplate/template.h>

#include <cstdint>
#include <optional>
#include <string_view>

#include "accounts/login.h"
#include "pipeline/app.h"
#include "pipeline/context.h"

namespace deskd::admin {

enum class Section { kDashboard, kPeople, kGroups, kSettings, kSessions, kAudit, kPrivacy, kMail, kApiKeys, kWebhooks, kSla };

// The admin interface never honours Remember Me: its login always asks for the password.
const accounts::LoginArea& login_area();

// True when an admin is signed in (no side effects).
bool signed_in_admin(const pipeline::RequestContext& ctx);

// True when an admin is signed in; otherwise answers with a redirect to
// /admin/login (no session is created) and returns false.
bool require_admin(pipeline::RequestContext& ctx);

// Adds the NAV include to a page body, marking `current`.
void add_nav(ctemplate::TemplateDictionary& body, const pipeline::RequestContext& ctx, Section current);

// The positive integer path parameter `name` ({id}, {row_id}); nullopt otherwise.
std::optional<int64_t> id_param(const pipeline::RequestContext& ctx, std::string_view name);

// Adds one NOTICE section per catalog key.
void add_notice(ctemplate::TemplateDictionary& body, const pipeline::RequestContext& ctx, std::string_view key);

}  // namespace deskd::admin
