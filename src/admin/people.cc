#include "admin/people.h"

#include "accounts/hygiene.h"
#include "admin/counts.h"
#include "admin/paging.h"
#include "admin/people_rules.h"
#include "admin/shell.h"
#include "i18n/format.h"
#include "pipeline/audit.h"
#include "pipeline/render.h"

namespace deskd::admin {
namespace {

using pipeline::RequestContext;
using storage::Role;

constexpr int kMaxPeoplePage = 100'000;
constexpr Role kRoles[] = {Role::kUser, Role::kAgent, Role::kAdmin};

// What a re-rendered people page shows beyond the list.
struct PeopleView {
  std::string notice;  // already translated
  bool notice_is_error = false;
  bool typed_create = false;       // fill the create form from ctx.form
  std::vector<FieldError> errors;  // create form field errors
  int64_t typed_role_row = 0;      // a row whose role select shows ctx.form's role
  int status = 200;
};

std::string role_label(const RequestContext& ctx, Role role) {
  return ctx.t(std::string("admin.role.") + storage::role_name(role));
}

void add_role_options(ctemplate::TemplateDictionary& d, const RequestContext& ctx, std::string_view selected) {
  for (Role r : kRoles) {
    auto* o = d.AddSectionDictionary("ROLE_OPTION");
    o->SetValue("VALUE", storage::role_name(r));
    o->SetValue("LABEL", role_label(ctx, r));
    if (selected == storage::role_name(r)) o->ShowSection("SELECTED");
  }
}

void fill_create_form(ctemplate::TemplateDictionary& b, RequestContext& ctx, const PeopleView& view) {
  auto* f = b.AddSectionDictionary("CREATE");
  f->SetValue("CSRF", ctx.csrf_token());
  std::string_view role = "agent";
  if (view.typed_create) {
    f->SetValue("EMAIL", std::string(ctx.form.get("email").substr(0, 254)));
    f->SetValue("NAME", std::string(ctx.form.get("name").substr(0, 4 * kMaxNameChars)));
    role = ctx.form.get("role");
  }
  add_role_options(*f, ctx, role);
  for (const auto& e : view.errors) {
    std::string section = "ERROR_" + e.field;
    for (auto& c : section) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    f->SetValueAndShowSection(section + "_TEXT", ctx.t(e.error_key), section);
  }
}

void render_people(RequestContext& ctx, const PeopleView& view) {
  const PageRequest page = ctx.req.method != "POST" ? parse_page(ctx.query.get("page"), kMaxPeoplePage) : PageRequest{};
  auto people = ctx.svc.storage.people().list(kPerPage + 1, page.offset());
  if (!people.is_ok()) return pipeline::render_status(ctx, people.status());
  const bool has_next = people->size() > static_cast<size_t>(kPerPage);
  if (has_next) people->pop_back();

  ctx.res = http::Response{};
  pipeline::Page html(ctx, "admin_people.tpl", ctx.t("admin.people.heading"));
  auto& b = html.body();
  add_nav(b, ctx, Section::kPeople);
  if (page.malformed) add_notice(b, ctx, "admin.pager.bad_page");
  if (!view.notice.empty()) {
    b.SetValueAndShowSection("ALERT_TEXT", view.notice, view.notice_is_error ? "ERROR" : "NOTICE_ALERT");
  }
  for (const auto& p : *people) {
    auto* row = b.AddSectionDictionary("PERSON");
    row->SetIntValue("ID", p.id);
    row->SetValue("EMAIL", p.email);
    row->SetValue("NAME", p.name);
    row->SetValue("ROLE", role_label(ctx, p.role));
    row->SetValue("CREATED", i18n::format_date(ctx.lang, p.created_ms));
    row->SetValue("STATE", ctx.t(p.disabled ? "admin.people.disabled" : "admin.people.active"));
    if (p.disabled) row->ShowSection("IS_DISABLED");
    if (ctx.person && ctx.person->id == p.id) row->ShowSection("SELF");
    const std::string base = "/admin/people/" + std::to_string(p.id);
    row->SetValue("ROLE_ACTION", base + "/role");
    row->SetValue("TOGGLE_ACTION", base + (p.disabled ? "/enable" : "/disable"));
    row->SetValue("TOGGLE_LABEL", ctx.t(p.disabled ? "admin.people.enable" : "admin.people.disable"));
    row->SetValue("REVOKE_ACTION", base + "/sessions/revoke-all");
    row->SetValue("TWO_FACTOR_RESET_ACTION", base + "/two-factor/reset");
    row->SetValue("CSRF", ctx.csrf_token());
    const bool typed = view.typed_role_row == p.id;
    add_role_options(*row, ctx, typed ? ctx.form.get("role") : std::string_view(storage::role_name(p.role)));
  }
  add_pager(b, ctx, "/admin/people", {}, "page", page.number, has_next);
  fill_create_form(b, ctx, view);
  html.finish(view.status);
}

void show_people(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  render_people(ctx, {});
}

void rerender_create(RequestContext& ctx, std::string_view notice_key, int status) {
  if (!signed_in_admin(ctx)) return pipeline::render_resubmit(ctx, notice_key);
  render_people(ctx, {ctx.t(notice_key), true, true, {}, 0, status});
}

// A post about one person's row: the list with the row's typed role kept.
void rerender_row(RequestContext& ctx, std::string_view notice_key, int status) {
  if (!signed_in_admin(ctx)) return pipeline::render_resubmit(ctx, notice_key);
  render_people(ctx, {ctx.t(notice_key), true, false, {}, id_param(ctx, "id").value_or(0), status});
}

void create_person(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  CheckedPerson checked =
      check_new_person({ctx.form.get("email"), ctx.form.get("name"), ctx.form.get("role"), ctx.form.get("password")});
  if (!checked.ok()) return render_people(ctx, {ctx.t("admin.people.fix_errors"), true, true, checked.errors, 0, 400});
  auto hash = ctx.svc.passwords.hash(ctx.form.get("password"));
  if (!hash.is_ok()) return pipeline::render_status(ctx, hash.status());
  checked.person.password_hash = std::move(*hash);
  auto created = ctx.svc.storage.people().create(checked.person);
  if (created.status().code() == Code::kConflict) {
    return render_people(
        ctx, {ctx.t("admin.people.fix_errors"), true, true, {{"email", "admin.people.error_exists"}}, 0, 409});
  }
  if (!created.is_ok()) return pipeline::render_status(ctx, created.status());
  pipeline::audit(ctx, "person_created", created->id, created->email,
                  std::string("role: ") + storage::role_name(created->role) + "; by " + ctx.person->email);
  ctx.flash("admin.flash.person_created");
  ctx.redirect("/admin/people");
}

// Loads the {id} person; answers 404 itself when there is none.
std::optional<storage::Person> target_person(RequestContext& ctx) {
  auto id = id_param(ctx, "id");
  if (!id) {
    pipeline::render_error(ctx, 404);
    return std::nullopt;
  }
  auto found = ctx.svc.storage.people().find_by_id(*id);
  if (!found.is_ok()) {
    pipeline::render_status(ctx, found.status());
    return std::nullopt;
  }
  return std::move(*found);
}

// Refuses (409, with the list) a change that would leave no enabled admin.
bool keeps_an_admin(RequestContext& ctx, const storage::Person& target, Role role, bool disabled) {
  auto counts = count_people(ctx.svc.storage.people());
  if (!counts.is_ok()) {
    pipeline::render_status(ctx, counts.status());
    return false;
  }
  if (!leaves_no_admin(target, role, disabled, counts->enabled_admins)) return true;
  render_people(ctx, {ctx.t("admin.people.last_admin"), true, false, {}, target.id, 409});
  return false;
}

// Ends the person's sessions and remember tokens; the acting admin keeps the
// session they are using when they change themselves.
Status end_sessions_of(RequestContext& ctx, int64_t person_id) {
  const bool self = ctx.person && ctx.person->id == person_id && ctx.session;
  auto ended = accounts::end_other_sessions(ctx.svc, person_id, self ? ctx.session->id_hash : std::string());
  return ended.status();
}

void change_role(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  auto target = target_person(ctx);
  if (!target) return;
  auto role = storage::parse_role(ctx.form.get("role"));
  if (!role) return rerender_row(ctx, "admin.people.error_role", 400);
  if (*role == target->role) return ctx.redirect("/admin/people");
  if (!keeps_an_admin(ctx, *target, *role, target->disabled)) return;
  if (Status s = ctx.svc.storage.people().set_role(target->id, *role); !s.is_ok())
    return pipeline::render_status(ctx, s);
  if (Status s = end_sessions_of(ctx, target->id); !s.is_ok()) return pipeline::render_status(ctx, s);
  pipeline::audit(
      ctx, "role_changed", target->id, target->email,
      std::string(storage::role_name(target->role)) + " -> " + storage::role_name(*role) + "; by " + ctx.person->email);
  ctx.flash("admin.flash.role_changed");
  ctx.redirect("/admin/people");
}

void set_disabled(RequestContext& ctx, bool disabled) {
  if (!require_admin(ctx)) return;
  auto target = target_person(ctx);
  if (!target) return;
  if (target->disabled == disabled) return ctx.redirect("/admin/people");
  if (disabled && !keeps_an_admin(ctx, *target, target->role, true)) return;
  if (Status s = ctx.svc.storage.people().set_disabled(target->id, disabled); !s.is_ok())
    return pipeline::render_status(ctx, s);
  if (disabled) {
    if (Status s = end_sessions_of(ctx, target->id); !s.is_ok()) return pipeline::render_status(ctx, s);
  }
  pipeline::audit(ctx, disabled ? "person_disabled" : "person_enabled", target->id, target->email,
                  "by " + ctx.person->email);
  ctx.flash(disabled ? "admin.flash.person_disabled" : "admin.flash.person_enabled");
  ctx.redirect("/admin/people");
}

// Removes the person's second factor (a lost phone): they sign in with the
// password alone, or enrol again at once when auth.require_2fa covers them.
// Their sessions end; recorded as two_factor_reset.
void reset_two_factor(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  auto target = target_person(ctx);
  if (!target) return;
  Status removed = ctx.svc.storage.two_factor().remove(target->id);
  if (removed.code() == Code::kNotFound) {
    ctx.flash("admin.flash.two_factor_none");
    return ctx.redirect("/admin/people");
  }
  if (!removed.is_ok()) return pipeline::render_status(ctx, removed);
  if (Status s = end_sessions_of(ctx, target->id); !s.is_ok()) return pipeline::render_status(ctx, s);
  pipeline::audit(ctx, "two_factor_reset", target->id, target->email, "by " + ctx.person->email);
  ctx.flash("admin.flash.two_factor_reset");
  ctx.redirect("/admin/people");
}

}  // namespace

void register_people(pipeline::App& app) {
  using pipeline::Area;
  app.get(Area::kAdmin, "/admin/people", show_people);
  app.post(Area::kAdmin, "/admin/people", create_person, rerender_create);
  app.post(Area::kAdmin, "/admin/people/{id}/role", change_role, rerender_row);
  app.post(
      Area::kAdmin, "/admin/people/{id}/disable", [](RequestContext& ctx) { set_disabled(ctx, true); }, rerender_row);
  app.post(
      Area::kAdmin, "/admin/people/{id}/enable", [](RequestContext& ctx) { set_disabled(ctx, false); }, rerender_row);
  app.post(Area::kAdmin, "/admin/people/{id}/two-factor/reset", reset_two_factor, rerender_row);
}

}  // namespace deskd::admin
