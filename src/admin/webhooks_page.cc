#include "admin/webhooks_page.h"

#include <algorithm>

#include "admin/shell.h"
#include "admin/when.h"
#include "http/form.h"
#include "pipeline/audit.h"
#include "pipeline/render.h"
#include "webhooks/url_check.h"

namespace deskd::admin {
namespace {

using pipeline::RequestContext;

constexpr int kLogShown = 50;               // newest deliveries on a webhook's page
constexpr size_t kMinSecretBytes = 16;
constexpr size_t kMaxSecretBytes = 200;
constexpr size_t kSecretRandomBytes = 24;   // generated: "whsec_" + 32 base64url characters

// What the admin typed into a webhook form.
struct Typed {
  std::string url;
  std::vector<std::string> events;
  std::string secret;
};

Typed typed_form(const RequestContext& ctx) {
  Typed t;
  t.url = std::string(ctx.form.get("url").substr(0, webhooks::kMaxUrlBytes + 100));
  t.secret = std::string(ctx.form.get("secret").substr(0, kMaxSecretBytes + 100));
  for (const auto& [name, value] : ctx.form.fields) {
    if (name == "events" && storage::is_webhook_event(value) &&
        std::find(t.events.begin(), t.events.end(), value) == t.events.end())
      t.events.push_back(value);
  }
  return t;
}

// A catalog key for what is wrong with the typed form; "" when it is fine.
std::string problem_of(const RequestContext& ctx, const Typed& t) {
  for (const auto& [name, value] : ctx.form.fields) {
    if (name == "events" && !storage::is_webhook_event(value)) return "webhooks.error.events";
  }
  const std::string url_problem = webhooks::check_url(t.url, ctx.svc.config.webhooks.allow_private).problem;
  if (!url_problem.empty()) return url_problem;
  if (t.events.empty()) return "webhooks.error.events";
  if (!t.secret.empty()) {
    if (t.secret.size() < kMinSecretBytes || t.secret.size() > kMaxSecretBytes) return "webhooks.error.secret";
    for (unsigned char c : t.secret) {
      if (c <= 0x20 || c >= 0x7f) return "webhooks.error.secret";
    }
  }
  return "";
}

void add_event_boxes(ctemplate::TemplateDictionary& form, const std::vector<std::string>& checked) {
  for (std::string_view e : storage::kWebhookEvents) {
    auto* box = form.AddSectionDictionary("EVENT");
    box->SetValue("EVENT_NAME", std::string(e));
    if (std::find(checked.begin(), checked.end(), e) != checked.end()) box->ShowSection("CHECKED");
  }
}

std::string joined(const std::vector<std::string>& events) {
  std::string out;
  for (const auto& e : events) out += (out.empty() ? "" : ", ") + e;
  return out;
}

std::string state_text(const RequestContext& ctx, const storage::Webhook& w) {
  switch (w.disabled) {
    case storage::WebhookDisabled::kNo:
      return ctx.t("admin.webhooks.state_enabled");
    case storage::WebhookDisabled::kByAdmin:
      return ctx.t("admin.webhooks.state_disabled");
    case storage::WebhookDisabled::kByFailures:
      return ctx.t("admin.webhooks.state_auto_disabled");
  }
  return "";
}

void add_auto_disabled_notice(ctemplate::TemplateDictionary& b, const RequestContext& ctx, const storage::Webhook& w) {
  if (w.disabled != storage::WebhookDisabled::kByFailures) return;
  auto* n = b.AddSectionDictionary("AUTO_DISABLED");
  n->SetValue("AUTO_URL", w.url);
  n->SetValue("AUTO_WHEN", format_when(ctx.lang, w.disabled_ms));
  n->SetIntValue("AUTO_FAILURES", w.consecutive_failures);
  n->SetValue("AUTO_LINK", "/admin/webhooks/" + std::to_string(w.id));
}

// The list page. `typed` refills the create form after an error; `secret`
// is shown once after a create.
void render_list(RequestContext& ctx, std::string_view error_key, const Typed* typed, int status,
                 const std::optional<std::pair<storage::Webhook, std::string>>& created = std::nullopt) {
  auto hooks = ctx.svc.storage.webhooks().list();
  if (!hooks) return pipeline::render_status(ctx, hooks.status());
  ctx.res = http::Response{};
  pipeline::Page html(ctx, "admin_webhooks.tpl", ctx.t("admin.webhooks.heading"));
  auto& b = html.body();
  add_nav(b, ctx, Section::kWebhooks);
  if (!error_key.empty()) b.SetValueAndShowSection("ALERT_TEXT", ctx.t(error_key), "ERROR");
  if (created) {
    auto* s = b.AddSectionDictionary("SECRET_ONCE");
    s->SetValue("SECRET_URL", created->first.url);
    s->SetValue("SECRET_VALUE", created->second);
  }
  b.SetValue("CSRF", ctx.csrf_token());
  if (ctx.svc.config.webhooks.allow_private) b.ShowSection("PRIVATE_ALLOWED");
  if (hooks->empty()) b.ShowSection("EMPTY");
  for (const storage::Webhook& w : *hooks) {
    add_auto_disabled_notice(b, ctx, w);
    auto* row = b.AddSectionDictionary("HOOK");
    row->SetValue("ID", std::to_string(w.id));
    row->SetValue("URL", w.url);
    row->SetValue("EVENTS", joined(w.events));
    row->SetValue("STATE", state_text(ctx, w));
    row->SetValue("STATE_CLASS", w.enabled ? "enabled" : "disabled");
    row->SetValue("LINK", "/admin/webhooks/" + std::to_string(w.id));
  }
  auto* form = b.AddSectionDictionary("CREATE");
  form->SetValue("URL_VALUE", typed ? typed->url : "");
  form->SetValue("SECRET_VALUE", typed ? typed->secret : "");
  add_event_boxes(*form, typed ? typed->events : std::vector<std::string>{});
  html.finish(status);
}

void render_hook(RequestContext& ctx, const storage::Webhook& w, std::string_view error_key, const Typed* typed,
                 int status) {
  auto log = ctx.svc.storage.webhooks().deliveries(w.id, kLogShown);
  if (!log) return pipeline::render_status(ctx, log.status());
  ctx.res = http::Response{};
  pipeline::Page html(ctx, "admin_webhook.tpl", ctx.t("admin.webhooks.edit_heading"));
  auto& b = html.body();
  add_nav(b, ctx, Section::kWebhooks);
  if (!error_key.empty()) b.SetValueAndShowSection("ALERT_TEXT", ctx.t(error_key), "ERROR");
  add_auto_disabled_notice(b, ctx, w);
  const std::string base = "/admin/webhooks/" + std::to_string(w.id);
  b.SetValue("CSRF", ctx.csrf_token());
  b.SetValue("ID", std::to_string(w.id));
  b.SetValue("URL", w.url);
  b.SetValue("STATE", state_text(ctx, w));
  b.SetValue("CREATED", format_when(ctx.lang, w.created_ms));
  b.SetIntValue("FAILURES", w.consecutive_failures);
  b.SetValue("SAVE_ACTION", base);
  b.SetValue("DELETE_ACTION", base + "/delete");
  b.SetValue(w.enabled ? "DISABLE_ACTION" : "ENABLE_ACTION", base + (w.enabled ? "/disable" : "/enable"));
  b.ShowSection(w.enabled ? "CAN_DISABLE" : "CAN_ENABLE");
  b.SetValue("URL_VALUE", typed ? typed->url : w.url);
  b.SetValue("SECRET_VALUE", typed ? typed->secret : "");
  add_event_boxes(b, typed ? typed->events : w.events);
  if (log->empty()) b.ShowSection("NO_DELIVERIES");
  for (const storage::WebhookDelivery& d : *log) {
    auto* row = b.AddSectionDictionary("DELIVERY");
    row->SetValue("EVENT", d.event);
    row->SetValue("EVENT_ID", d.event_id);
    row->SetValue("STATUS", storage::delivery_status_name(d.status));
    row->SetValue("STATUS_TEXT", ctx.t(std::string("admin.webhooks.delivery_") + storage::delivery_status_name(d.status)));
    row->SetValue("CREATED", format_when(ctx.lang, d.created_ms));
    row->SetIntValue("ATTEMPTS", d.attempts);
    row->SetValue("HTTP", d.last_http_status > 0 ? std::to_string(d.last_http_status) : "–");
    row->SetValue("LAST_ERROR", d.last_error);
    row->SetValue("NEXT_TRY",
                  d.status == storage::DeliveryStatus::kPending ? format_when(ctx.lang, d.next_try_ms) : "–");
  }
  html.finish(status);
}

std::optional<storage::Webhook> target(RequestContext& ctx) {
  std::optional<int64_t> id = id_param(ctx, "id");
  if (!id) {
    pipeline::render_error(ctx, 404);
    return std::nullopt;
  }
  Result<storage::Webhook> w = ctx.svc.storage.webhooks().find(*id);
  if (!w) {
    pipeline::render_status(ctx, w.status());
    return std::nullopt;
  }
  return std::move(*w);
}

void show_list(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  render_list(ctx, {}, nullptr, 200);
}

void show_hook(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  if (auto w = target(ctx)) render_hook(ctx, *w, {}, nullptr, 200);
}

void create(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  Typed t = typed_form(ctx);
  if (std::string problem = problem_of(ctx, t); !problem.empty()) return render_list(ctx, problem, &t, 400);
  const std::string secret = t.secret.empty() ? "whsec_" + ctx.svc.random.token(kSecretRandomBytes) : t.secret;
  Result<storage::Webhook> w =
      ctx.svc.storage.webhooks().create(storage::WebhookSpec{t.url, t.events, secret}, ctx.svc.clock.now_ms());
  if (!w) return pipeline::render_status(ctx, w.status());
  pipeline::audit(ctx, "webhook_created", ctx.person->id, ctx.person->email,
                  "webhook " + std::to_string(w->id) + " " + w->url + " (" + joined(w->events) + ")");
  // Shown once, on this answer only: the list page never shows a secret.
  render_list(ctx, {}, nullptr, 201, std::make_pair(*w, secret));
  ctx.res.set_header("Cache-Control", "no-store");
}

void update(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  auto w = target(ctx);
  if (!w) return;
  Typed t = typed_form(ctx);
  if (std::string problem = problem_of(ctx, t); !problem.empty()) return render_hook(ctx, *w, problem, &t, 400);
  Status s = ctx.svc.storage.webhooks().update(w->id, t.url, t.events,
                                               t.secret.empty() ? std::nullopt : std::optional<std::string>(t.secret));
  if (!s.is_ok()) return pipeline::render_status(ctx, s);
  pipeline::audit(ctx, "webhook_updated", ctx.person->id, ctx.person->email,
                  "webhook " + std::to_string(w->id) + " " + t.url + " (" + joined(t.events) + ")" +
                      (t.secret.empty() ? "" : "; new secret"));
  ctx.flash("admin.webhooks.flash_saved");
  ctx.redirect("/admin/webhooks/" + std::to_string(w->id));
}

void set_enabled(RequestContext& ctx, bool enabled) {
  if (!require_admin(ctx)) return;
  auto w = target(ctx);
  if (!w) return;
  if (Status s = ctx.svc.storage.webhooks().set_enabled(w->id, enabled, ctx.svc.clock.now_ms()); !s.is_ok())
    return pipeline::render_status(ctx, s);
  pipeline::audit(ctx, enabled ? "webhook_enabled" : "webhook_disabled", ctx.person->id, ctx.person->email,
                  "webhook " + std::to_string(w->id) + " " + w->url);
  ctx.flash(enabled ? "admin.webhooks.flash_enabled" : "admin.webhooks.flash_disabled");
  ctx.redirect("/admin/webhooks/" + std::to_string(w->id));
}

void enable(RequestContext& ctx) {
  set_enabled(ctx, true);
}

void disable(RequestContext& ctx) {
  set_enabled(ctx, false);
}

void remove(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  auto w = target(ctx);
  if (!w) return;
  if (Status s = ctx.svc.storage.webhooks().remove(w->id); !s.is_ok()) return pipeline::render_status(ctx, s);
  pipeline::audit(ctx, "webhook_deleted", ctx.person->id, ctx.person->email,
                  "webhook " + std::to_string(w->id) + " " + w->url);
  ctx.flash("admin.webhooks.flash_deleted");
  ctx.redirect("/admin/webhooks");
}

// CSRF/origin failure: the form again with what was typed.
void rerender(RequestContext& ctx, std::string_view notice_key, int status) {
  if (!signed_in_admin(ctx)) return pipeline::render_resubmit(ctx, notice_key);
  Typed t = typed_form(ctx);
  if (std::optional<int64_t> id = id_param(ctx, "id")) {
    Result<storage::Webhook> w = ctx.svc.storage.webhooks().find(*id);
    if (!w) return pipeline::render_status(ctx, w.status());
    return render_hook(ctx, *w, notice_key, &t, status);
  }
  render_list(ctx, notice_key, &t, status);
}

}  // namespace

void register_webhooks(pipeline::App& app) {
  using pipeline::Area;
  app.get(Area::kAdmin, "/admin/webhooks", show_list);
  app.post(Area::kAdmin, "/admin/webhooks", create, rerender);
  app.get(Area::kAdmin, "/admin/webhooks/{id}", show_hook);
  app.post(Area::kAdmin, "/admin/webhooks/{id}", update, rerender);
  app.post(Area::kAdmin, "/admin/webhooks/{id}/enable", enable, rerender);
  app.post(Area::kAdmin, "/admin/webhooks/{id}/disable", disable, rerender);
  app.post(Area::kAdmin, "/admin/webhooks/{id}/delete", remove, rerender);
}

}  // namespace deskd::admin
