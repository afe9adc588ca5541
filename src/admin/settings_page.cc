#include "admin/settings_page.h"

#include <algorithm>

#include "admin/settings_form.h"
#include "admin/shell.h"
#include "core/networks.h"
#include "core/settings.h"
#include "pipeline/audit.h"
#include "pipeline/render.h"

namespace deskd::admin {
namespace {

using pipeline::RequestContext;

std::string help_text(const RequestContext& ctx, std::string_view key) {
  const std::string catalog_key = "admin.setting." + std::string(key);
  std::string text = ctx.t(catalog_key);
  if (text != catalog_key) return text;
  for (const auto& info : setting_catalog())
    if (key == info.key) return info.description;
  return std::string(key);
}

std::string choice_label(const RequestContext& ctx, std::string_view key, const std::string& value) {
  if (setting_kind(key) == SettingKind::kBool)
    return ctx.t(value == "true" ? "admin.settings.yes" : "admin.settings.no");
  if (key == "cookies.optional") return ctx.t("admin.settings.optional_" + value);
  if (key == "auth.require_2fa") return ctx.t("admin.settings.require_2fa_" + value);
  if (key == "cookies.prefix" && value.empty()) return ctx.t("admin.settings.prefix_none");
  return value;
}

// The choice a stored boolean spelling ("on", "1", "yes") stands for.
std::string shown_choice(std::string_view key, const std::string& value) {
  if (setting_kind(key) != SettingKind::kBool) return value;
  if (value == "on" || value == "1" || value == "yes") return "true";
  if (value == "off" || value == "0" || value == "no") return "false";
  return value;
}

void render_settings(RequestContext& ctx, const std::vector<SettingField>& fields, std::string_view notice,
                     bool notice_is_error, int status) {
  ctx.res = http::Response{};
  pipeline::Page page(ctx, "admin_settings.tpl", ctx.t("admin.settings.heading"));
  auto& b = page.body();
  add_nav(b, ctx, Section::kSettings);
  b.SetValue("CSRF", ctx.csrf_token());
  if (!notice.empty())
    b.SetValueAndShowSection("ALERT_TEXT", std::string(notice), notice_is_error ? "ERROR" : "NOTICE_ALERT");
  for (const auto& f : fields) {
    auto* row = b.AddSectionDictionary("SETTING");
    row->SetValue("KEY", f.key);
    row->SetValue("HELP", help_text(ctx, f.key));
    if (f.invalid) {
      row->ShowSection("INVALID");
      row->SetValueAndShowSection("ERROR_TEXT", ctx.t("admin.settings.invalid"), "FIELD_ERROR");
    }
    const SettingKind kind = setting_kind(f.key);
    if (kind == SettingKind::kBool || kind == SettingKind::kChoice) {
      auto* select = row->AddSectionDictionary("SELECT");
      auto choices = setting_choices(f.key);
      const std::string shown = shown_choice(f.key, f.value);
      if (std::find(choices.begin(), choices.end(), shown) == choices.end()) choices.push_back(shown);
      for (const auto& c : choices) {
        auto* o = select->AddSectionDictionary("OPTION");
        o->SetValue("VALUE", c);
        o->SetValue("LABEL", choice_label(ctx, f.key, c));
        if (c == shown) o->ShowSection("SELECTED");
      }
    } else {
      auto* input = row->AddSectionDictionary("INPUT");
      input->SetValue("VALUE", f.value);
      if (kind == SettingKind::kNumber) input->ShowSection("NUMERIC");
    }
  }
  page.finish(status);
}

Result<std::map<std::string, std::string>> stored_settings(RequestContext& ctx) {
  return ctx.svc.storage.settings().load_all();
}

void show_settings(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  auto stored = stored_settings(ctx);
  if (!stored.is_ok()) return pipeline::render_status(ctx, stored.status());
  render_settings(ctx, current_settings(*stored), {}, false, 200);
}

void rerender_settings(RequestContext& ctx, std::string_view notice_key, int status) {
  if (!signed_in_admin(ctx)) return pipeline::render_resubmit(ctx, notice_key);
  auto stored = stored_settings(ctx);
  if (!stored.is_ok()) return pipeline::render_status(ctx, stored.status());
  render_settings(ctx, evaluate_settings(*stored, ctx.form).fields, ctx.t(notice_key), true, status);
}

// Rebuilds the live Settings from storage so the change applies to the next request.
Status reload_settings(RequestContext& ctx) {
  auto all = ctx.svc.storage.settings().load_all();
  if (!all.is_ok()) return all.status();
  auto parsed = parse_settings(*all);
  if (!parsed.is_ok()) return parsed.status();
  ctx.svc.settings.replace(std::move(*parsed));
  return Status::ok();
}

// SPEC §12: an admin cannot save an Admin allow-list that leaves out the
// address they are saving it from. Marks the field and returns true then.
bool locks_admin_out(const RequestContext& ctx, SettingsSubmission& submitted) {
  for (auto& field : submitted.fields) {
    if (field.key != "security.admin_networks") continue;
    auto list = NetworkList::parse(field.value);
    if (!list || list->empty() || list->contains(ctx.client_ip)) return false;
    field.invalid = true;
    return true;
  }
  return false;
}

void save_settings(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  auto stored = stored_settings(ctx);
  if (!stored.is_ok()) return pipeline::render_status(ctx, stored.status());
  SettingsSubmission submitted = evaluate_settings(*stored, ctx.form);
  if (!submitted.valid) return render_settings(ctx, submitted.fields, ctx.t("admin.settings.fix_errors"), true, 400);
  if (locks_admin_out(ctx, submitted)) {
    const std::string notice = ctx.svc.catalogs.format(ctx.lang, "admin.settings.lockout", {{"ip", ctx.client_ip}});
    return render_settings(ctx, submitted.fields, notice, true, 409);
  }
  for (const auto& change : submitted.changes) {
    if (Status s = ctx.svc.storage.settings().put(change.key, change.new_value); !s.is_ok())
      return pipeline::render_status(ctx, s);
  }
  if (Status s = reload_settings(ctx); !s.is_ok()) return pipeline::render_status(ctx, s);
  for (const auto& change : submitted.changes)
    pipeline::audit(ctx, "setting_changed", ctx.person->id, ctx.person->email, change.audit_detail());
  ctx.flash(submitted.changes.empty() ? "admin.flash.settings_unchanged" : "admin.flash.settings_saved");
  ctx.redirect("/admin/settings");
}

}  // namespace

void register_settings(pipeline::App& app) {
  app.get(pipeline::Area::kAdmin, "/admin/settings", show_settings);
  app.post(pipeline::Area::kAdmin, "/admin/settings", save_settings, rerender_settings);
}

}  // namespace deskd::admin
