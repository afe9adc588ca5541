#include "admin/mail_page.h"

#include "admin/shell.h"
#include "admin/when.h"
#include "inbox/intake.h"
#include "mail/mail_text.h"
#include "pipeline/audit.h"
#include "pipeline/render.h"

namespace deskd::admin {
namespace {

using pipeline::RequestContext;

constexpr int kShown = 100;            // newest quarantined mails listed
constexpr size_t kPreviewBytes = 600;  // of each raw message, shown as text

// The first bytes of a raw message as readable text (never markup: the page escapes it).
std::string preview(std::string_view raw) {
  std::string text = mail::valid_utf8_or_replaced(raw.substr(0, kPreviewBytes));
  if (raw.size() > kPreviewBytes) text += "\n…";
  return text;
}

void render_mail(RequestContext& ctx, std::string_view notice, int status) {
  auto items = ctx.svc.storage.mail().quarantined(kShown);
  if (!items.is_ok()) return pipeline::render_status(ctx, items.status());
  ctx.res = http::Response{};
  pipeline::Page html(ctx, "admin_mail.tpl", ctx.t("admin.mail.heading"));
  auto& b = html.body();
  add_nav(b, ctx, Section::kMail);
  if (!notice.empty()) b.SetValueAndShowSection("ALERT_TEXT", std::string(notice), "ERROR");
  if (items->empty()) b.ShowSection("EMPTY");
  for (const storage::QuarantinedMail& q : *items) {
    auto* row = b.AddSectionDictionary("MAIL");
    row->SetValue("ID", std::to_string(q.id));
    row->SetValue("RECEIVED", format_when(ctx.lang, q.received_ms));
    row->SetValue("SOURCE", storage::mail_source_name(q.source));
    row->SetValue("REASON", q.reason);
    row->SetValue("SIZE", std::to_string(q.raw.size()));
    row->SetValue("PREVIEW", preview(q.raw));
    row->SetValue("REPROCESS_ACTION", "/admin/mail/" + std::to_string(q.id) + "/reprocess");
    row->SetValue("DELETE_ACTION", "/admin/mail/" + std::to_string(q.id) + "/delete");
    row->SetValue("CSRF", ctx.csrf_token());
  }
  html.finish(status);
}

void show_mail(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  render_mail(ctx, {}, 200);
}

void rerender_mail(RequestContext& ctx, std::string_view notice_key, int status) {
  if (!signed_in_admin(ctx)) return pipeline::render_resubmit(ctx, notice_key);
  render_mail(ctx, ctx.t(notice_key), status);
}

void reprocess(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  auto id = id_param(ctx, "id");
  if (!id) return pipeline::render_error(ctx, 404);
  auto q = ctx.svc.storage.mail().find_quarantined(*id);
  if (q.status().code() == Code::kNotFound) {
    ctx.flash("admin.mail.gone");
    return ctx.redirect("/admin/mail");
  }
  if (!q.is_ok()) return pipeline::render_status(ctx, q.status());
  inbox::IntakeDeps deps{ctx.svc.storage, ctx.svc.catalogs, ctx.svc.clock, ctx.svc.random};
  Result<inbox::IntakeResult> result = inbox::process(deps, inbox::intake_options(ctx.svc.config), q->raw);
  if (!result.is_ok()) {
    if (result.status().code() != Code::kInvalidArgument) return pipeline::render_status(ctx, result.status());
    return render_mail(ctx, ctx.t("admin.mail.still_failing") + " " + result.status().message(), 422);
  }
  if (Status s = ctx.svc.storage.mail().remove_quarantined(*id); !s.is_ok() && s.code() != Code::kNotFound) {
    return pipeline::render_status(ctx, s);
  }
  pipeline::audit(
      ctx, "mail_reprocessed", 0, "",
      std::string(inbox::outcome_name(result->outcome)) + " " + result->ticket_ref + "; by " + ctx.person->email);
  ctx.flash("admin.mail.reprocessed");
  ctx.redirect("/admin/mail");
}

void remove(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  auto id = id_param(ctx, "id");
  if (!id) return pipeline::render_error(ctx, 404);
  Status s = ctx.svc.storage.mail().remove_quarantined(*id);
  if (s.code() == Code::kNotFound) {
    ctx.flash("admin.mail.gone");
    return ctx.redirect("/admin/mail");
  }
  if (!s.is_ok()) return pipeline::render_status(ctx, s);
  pipeline::audit(ctx, "mail_deleted", 0, "", "quarantined mail " + std::to_string(*id) + "; by " + ctx.person->email);
  ctx.flash("admin.mail.deleted");
  ctx.redirect("/admin/mail");
}

}  // namespace

void register_mail(pipeline::App& app) {
  using pipeline::Area;
  app.get(Area::kAdmin, "/admin/mail", show_mail);
  app.post(Area::kAdmin, "/admin/mail/{id}/reprocess", reprocess, rerender_mail);
  app.post(Area::kAdmin, "/admin/mail/{id}/delete", remove, rerender_mail);
}

}  // namespace deskd::admin
