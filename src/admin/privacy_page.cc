#include "admin/privacy_page.h"

#include <cctype>

#include "accounts/hygiene.h"
#include "admin/counts.h"
#include "admin/people_rules.h"
#include "admin/shell.h"
#include "http/spool_file.h"
#include "core/text.h"
#include "pipeline/audit.h"
#include "pipeline/render.h"
#include "privacy/privacy.h"

namespace deskd::admin {
namespace {

using pipeline::RequestContext;

struct PrivacyView {
  std::string notice;  // translated
  bool is_error = false;
  bool typed_export = false;  // refill the export form from ctx.form
  bool typed_erase = false;   // refill the erase form from ctx.form
  int status = 200;
};

void fill_form(ctemplate::TemplateDictionary& b, RequestContext& ctx, const char* section, bool typed) {
  auto* f = b.AddSectionDictionary(section);
  f->SetValue("CSRF", ctx.csrf_token());
  if (!typed) return;
  f->SetValue("EMAIL", std::string(ctx.form.get("email").substr(0, 254)));
  f->SetValue("VISITOR", std::string(ctx.form.get("visitor").substr(0, 64)));
  f->SetValue("CONFIRM", std::string(ctx.form.get("confirm").substr(0, 254)));
}

void render_privacy(RequestContext& ctx, const PrivacyView& view) {
  ctx.res = http::Response{};
  pipeline::Page html(ctx, "admin_privacy.tpl", ctx.t("admin.privacy.heading"));
  auto& b = html.body();
  add_nav(b, ctx, Section::kPrivacy);
  if (!view.notice.empty())
    b.SetValueAndShowSection("ALERT_TEXT", view.notice, view.is_error ? "ERROR" : "NOTICE_ALERT");
  fill_form(b, ctx, "EXPORT", view.typed_export);
  fill_form(b, ctx, "ERASE", view.typed_erase);
  const auto settings = ctx.settings;
  b.SetValue("RETENTION_TEXT",
             ctx.svc.catalogs.format(ctx.lang, "admin.privacy.retention",
                                     {{"visitor_days", std::to_string(settings->visitor_retention_days)},
                                      {"ip_days", std::to_string(settings->ip_retention_days)}}));
  html.finish(view.status);
}

void show_privacy(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  render_privacy(ctx, {});
}

// The subject the form names (exactly one of email / visitor); nullopt after
// answering 400 with the form refilled.
std::optional<privacy::Subject> subject_of_form(RequestContext& ctx, bool erase_form) {
  const std::string_view email = ctx.form.get("email");
  const std::string_view visitor = ctx.form.get("visitor");
  const auto refuse = [&](std::string_view key) {
    render_privacy(ctx, {ctx.t(key), true, !erase_form, erase_form, 400});
    return std::nullopt;
  };
  if (email.empty() == visitor.empty()) return refuse("admin.privacy.error_one");
  auto subject =
      email.empty() ? privacy::subject_for_visitor(visitor) : privacy::subject_for_email(ctx.svc.storage, email);
  if (subject.status().code() == Code::kInvalidArgument) return refuse("admin.privacy.error_invalid");
  if (!subject.is_ok()) {
    pipeline::render_status(ctx, subject.status());
    return std::nullopt;
  }
  return *subject;
}

void export_data(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  auto subject = subject_of_form(ctx, false);
  if (!subject) return;
  // Spooled to a private temporary file (no name, 0600), then streamed from
  // it: memory stays at one page of rows and one piece of the file, however
  // long the person's history.
  auto spool = http::SpoolFile::create();
  if (!spool.is_ok()) return pipeline::render_status(ctx, spool.status());
  Status s = privacy::write_export(ctx.svc.storage, *subject, ctx.svc.clock.now_ms(),
                                   [&](std::string_view piece) { return spool->append(piece); });
  if (!s.is_ok()) return pipeline::render_status(ctx, s);
  auto body = spool->finish();
  if (!body.is_ok()) return pipeline::render_status(ctx, body.status());
  pipeline::audit(ctx, "privacy_export", subject->person_id, subject->email,
                  std::string(subject->visitor_id.empty() ? "person" : "visitor") + "; by " + ctx.person->email);
  ctx.res = http::Response{};
  ctx.res.status = 200;
  ctx.res.set_header("Content-Type", "application/json; charset=utf-8");
  ctx.res.set_header("Content-Disposition", "attachment; filename=\"deskd-privacy-export.json\"");
  ctx.res.set_header("Cache-Control", "no-store");
  ctx.res.stream = std::move(*body);
}

bool confirmed(const RequestContext& ctx) {
  const std::string_view confirm = ctx.form.get("confirm");
  const std::string_view email = ctx.form.get("email");
  if (!email.empty()) {
    return iequals_ascii(email, confirm);
  }
  return confirm == ctx.form.get("visitor");
}

// Refuses (409) erasing the acting admin or the last enabled admin.
bool may_erase_account(RequestContext& ctx, int64_t person_id) {
  if (person_id == 0) return true;
  if (ctx.person && ctx.person->id == person_id) {
    render_privacy(ctx, {ctx.t("admin.privacy.error_self"), true, false, true, 409});
    return false;
  }
  auto target = ctx.svc.storage.people().find_by_id(person_id);
  if (!target.is_ok()) return true;  // gone already: nothing of an admin to keep
  auto counts = count_people(ctx.svc.storage.people());
  if (!counts.is_ok()) {
    pipeline::render_status(ctx, counts.status());
    return false;
  }
  if (leaves_no_admin(*target, target->role, true, counts->enabled_admins)) {
    render_privacy(ctx, {ctx.t("admin.people.last_admin"), true, false, true, 409});
    return false;
  }
  return true;
}

void erase_data(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  auto subject = subject_of_form(ctx, true);
  if (!subject) return;
  if (!confirmed(ctx)) return render_privacy(ctx, {ctx.t("admin.privacy.error_confirm"), true, false, true, 400});
  if (!may_erase_account(ctx, subject->person_id)) return;
  if (subject->person_id != 0) {
    // Ends live sessions (and their sockets) and Remember-Me tokens through the
    // session manager, so no cache keeps them after the rows are gone.
    auto ended = accounts::end_other_sessions(ctx.svc, subject->person_id, {});
    if (!ended.is_ok()) return pipeline::render_status(ctx, ended.status());
  }
  auto counts = privacy::erase(ctx.svc.storage, *subject);
  if (!counts.is_ok()) return pipeline::render_status(ctx, counts.status());
  pipeline::audit(ctx, "privacy_erase", ctx.person->id, ctx.person->email,
                  "by " + ctx.person->email + "; " + privacy::describe(*counts));
  ctx.flash("admin.flash.privacy_erased");
  ctx.redirect("/admin/privacy");
}

void rerender(RequestContext& ctx, std::string_view notice_key, int status, bool erase_form) {
  if (!signed_in_admin(ctx)) return pipeline::render_resubmit(ctx, notice_key);
  render_privacy(ctx, {ctx.t(notice_key), true, !erase_form, erase_form, status});
}

}  // namespace

void register_privacy(pipeline::App& app) {
  using pipeline::Area;
  app.get(Area::kAdmin, "/admin/privacy", show_privacy);
  app.post(Area::kAdmin, "/admin/privacy/export", export_data,
           [](RequestContext& ctx, std::string_view key, int status) { rerender(ctx, key, status, false); });
  app.post(Area::kAdmin, "/admin/privacy/erase", erase_data,
           [](RequestContext& ctx, std::string_view key, int status) { rerender(ctx, key, status, true); });
}

}  // namespace deskd::admin
