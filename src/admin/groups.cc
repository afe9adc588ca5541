#include "admin/groups.h"

#include "accounts/fields.h"
#include "admin/shell.h"
#include "http/form.h"
#include "pipeline/audit.h"
#include "pipeline/render.h"

namespace deskd::admin {
namespace {

using pipeline::Area;
using pipeline::RequestContext;

constexpr size_t kMaxGroupNameBytes = 200;

// What a re-rendered groups page keeps: the notice, and which form the
// typed text (ctx.form) belongs to.
struct GroupsView {
  std::string notice_key;
  bool is_error = false;
  bool typed_create = false;
  int64_t typed_group = 0;  // the group whose rename/member form was posted
  int status = 200;
};

std::string group_base(int64_t id) {
  return "/admin/groups/" + std::to_string(id);
}

std::string typed(const RequestContext& ctx, std::string_view field, size_t max_bytes) {
  return std::string(ctx.form.get(field).substr(0, max_bytes));
}

void render_groups(RequestContext& ctx, const GroupsView& view) {
  Result<std::vector<storage::AgentGroup>> groups = ctx.svc.storage.desk().list_groups();
  if (!groups) return pipeline::render_status(ctx, groups.status());
  ctx.res = http::Response{};
  pipeline::Page html(ctx, "admin_groups.tpl", ctx.t("admin.groups.heading"));
  auto& b = html.body();
  add_nav(b, ctx, Section::kGroups);
  if (!view.notice_key.empty()) {
    b.SetValueAndShowSection("ALERT_TEXT", ctx.t(view.notice_key), view.is_error ? "ERROR" : "NOTICE_ALERT");
  }
  const std::string csrf = ctx.csrf_token();
  b.SetValue("CSRF", csrf);
  if (view.typed_create) b.SetValue("NEW_NAME", typed(ctx, "name", kMaxGroupNameBytes));
  if (groups->empty()) b.ShowSection("NO_GROUPS");
  for (const auto& g : *groups) {
    auto* row = b.AddSectionDictionary("GROUP");
    row->SetIntValue("ID", g.id);
    row->SetValue("NAME", g.name);
    row->SetIntValue("MEMBER_COUNT", g.member_count);
    const std::string base = group_base(g.id);
    row->SetValue("RENAME_ACTION", base + "/rename");
    row->SetValue("DELETE_ACTION", base + "/delete");
    row->SetValue("ADD_ACTION", base + "/members");
    const bool this_one = view.typed_group == g.id;
    row->SetValue("RENAME_VALUE", this_one && ctx.form.has("name") ? typed(ctx, "name", kMaxGroupNameBytes) : g.name);
    if (this_one) row->SetValue("EMAIL_VALUE", typed(ctx, "email", 254));
    Result<std::vector<storage::GroupMember>> members = ctx.svc.storage.desk().members(g.id);
    if (!members) return pipeline::render_status(ctx, members.status());
    if (members->empty()) row->ShowSection("NO_MEMBERS");
    for (const auto& m : *members) {
      auto* item = row->AddSectionDictionary("MEMBER");
      item->SetValue("MEMBER_NAME", m.name);
      item->SetValue("MEMBER_EMAIL", m.email);
      item->SetValue("REMOVE_ACTION", base + "/members/" + std::to_string(m.person_id) + "/remove");
    }
  }
  html.finish(view.status);
}

void show_groups(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  render_groups(ctx, {});
}

// A usable group name: trimmed, 1..200 bytes of valid UTF-8 without control characters.
std::optional<std::string> group_name(std::string_view raw) {
  std::string name = accounts::trimmed(raw);
  if (name.empty() || name.size() > kMaxGroupNameBytes || !http::valid_utf8(name)) return std::nullopt;
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return std::nullopt;
  }
  return name;
}

std::optional<storage::AgentGroup> target_group(RequestContext& ctx) {
  std::optional<int64_t> id = id_param(ctx, "id");
  if (!id) {
    pipeline::render_error(ctx, 404);
    return std::nullopt;
  }
  Result<storage::AgentGroup> g = ctx.svc.storage.desk().find_group(*id);
  if (!g) {
    pipeline::render_status(ctx, g.status());
    return std::nullopt;
  }
  return std::move(*g);
}

void create_group(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  std::optional<std::string> name = group_name(ctx.form.get("name"));
  if (!name) return render_groups(ctx, {"admin.groups.error_name", true, true, 0, 400});
  Result<storage::AgentGroup> g = ctx.svc.storage.desk().create_group(*name, ctx.svc.clock.now_ms());
  if (g.status().code() == Code::kConflict)
    return render_groups(ctx, {"admin.groups.error_exists", true, true, 0, 409});
  if (!g) return pipeline::render_status(ctx, g.status());
  pipeline::audit(ctx, "group_created", ctx.person->id, ctx.person->email, g->name);
  ctx.flash("admin.groups.flash_created");
  ctx.redirect("/admin/groups");
}

void rename_group(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  auto g = target_group(ctx);
  if (!g) return;
  std::optional<std::string> name = group_name(ctx.form.get("name"));
  if (!name) return render_groups(ctx, {"admin.groups.error_name", true, false, g->id, 400});
  Status s = ctx.svc.storage.desk().rename_group(g->id, *name);
  if (s.code() == Code::kConflict) return render_groups(ctx, {"admin.groups.error_exists", true, false, g->id, 409});
  if (!s.is_ok()) return pipeline::render_status(ctx, s);
  pipeline::audit(ctx, "group_renamed", ctx.person->id, ctx.person->email, g->name + " -> " + *name);
  ctx.flash("admin.groups.flash_renamed");
  ctx.redirect("/admin/groups");
}

void delete_group(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  auto g = target_group(ctx);
  if (!g) return;
  if (Status s = ctx.svc.storage.desk().delete_group(g->id); !s.is_ok()) return pipeline::render_status(ctx, s);
  pipeline::audit(ctx, "group_deleted", ctx.person->id, ctx.person->email, g->name);
  ctx.flash("admin.groups.flash_deleted");
  ctx.redirect("/admin/groups");
}

void add_member(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  auto g = target_group(ctx);
  if (!g) return;
  const std::string email = accounts::trimmed(ctx.form.get("email"));
  Result<storage::Person> p = email.size() <= 254 && http::valid_utf8(email)
                                  ? ctx.svc.storage.people().find_by_email(email)
                                  : Result<storage::Person>(not_found("bad address"));
  if (p.status().code() == Code::kNotFound || (p.is_ok() && (p->role == storage::Role::kUser || p->disabled))) {
    return render_groups(ctx, {"admin.groups.error_member", true, false, g->id, 400});
  }
  if (!p) return pipeline::render_status(ctx, p.status());
  Status s = ctx.svc.storage.desk().add_member(g->id, p->id);
  if (s.code() == Code::kInvalidArgument)
    return render_groups(ctx, {"admin.groups.error_member", true, false, g->id, 400});
  if (!s.is_ok()) return pipeline::render_status(ctx, s);
  pipeline::audit(ctx, "group_member_added", p->id, p->email, g->name);
  ctx.flash("admin.groups.flash_member_added");
  ctx.redirect("/admin/groups");
}

void remove_member(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  auto g = target_group(ctx);
  if (!g) return;
  std::optional<int64_t> person = id_param(ctx, "person");
  if (!person) return pipeline::render_error(ctx, 404);
  if (Status s = ctx.svc.storage.desk().remove_member(g->id, *person); !s.is_ok()) {
    return pipeline::render_status(ctx, s);
  }
  pipeline::audit(ctx, "group_member_removed", *person, {}, g->name);
  ctx.flash("admin.groups.flash_member_removed");
  ctx.redirect("/admin/groups");
}

// CSRF/origin failure: the page again with what was typed in the posted form.
void rerender(RequestContext& ctx, std::string_view notice_key, int status) {
  if (!signed_in_admin(ctx)) return pipeline::render_resubmit(ctx, notice_key);
  const int64_t group = id_param(ctx, "id").value_or(0);
  render_groups(ctx, {std::string(notice_key), true, group == 0, group, status});
}

}  // namespace

void register_groups(pipeline::App& app) {
  app.get(Area::kAdmin, "/admin/groups", show_groups);
  app.post(Area::kAdmin, "/admin/groups", create_group, rerender);
  app.post(Area::kAdmin, "/admin/groups/{id}/rename", rename_group, rerender);
  app.post(Area::kAdmin, "/admin/groups/{id}/delete", delete_group, rerender);
  app.post(Area::kAdmin, "/admin/groups/{id}/members", add_member, rerender);
  app.post(Area::kAdmin, "/admin/groups/{id}/members/{person}/remove", remove_member, rerender);
}

}  // namespace deskd::admin
