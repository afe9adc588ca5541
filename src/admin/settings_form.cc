#include "admin/settings_form.h"

#include "core/settings.h"
#include "core/text.h"

namespace deskd::admin {
namespace {

constexpr size_t kMaxValueBytes = 2048;

std::string stored_or_default(const std::map<std::string, std::string>& stored, const SettingInfo& info) {
  auto it = stored.find(info.key);
  return it == stored.end() ? std::string(info.default_value) : it->second;
}

}  // namespace

SettingKind setting_kind(std::string_view key) {
  if (key == "auth.remember_users" || key == "auth.remember_agents") return SettingKind::kBool;
  if (key == "cookies.optional" || key == "cookies.prefix" || key == "auth.require_2fa") return SettingKind::kChoice;
  if (key.starts_with("sessions.") || key == "auth.remember_days" || key == "messenger.loader_ttl_s" ||
      key == "tickets.attachment_max_bytes")
    return SettingKind::kNumber;
  return SettingKind::kText;
}

std::vector<std::string> setting_choices(std::string_view key) {
  if (setting_kind(key) == SettingKind::kBool) return {"true", "false"};
  if (key == "cookies.optional") return {"on", "consent", "off"};
  if (key == "cookies.prefix") return {"", "__Host-"};
  if (key == "auth.require_2fa") return {"off", "admins", "staff"};
  return {};
}

bool is_hidden_setting(std::string_view key) {
  return key.starts_with("internal.");
}

std::string SettingChange::audit_detail() const {
  return key + ": " + old_value + " -> " + new_value;
}

std::vector<SettingField> current_settings(const std::map<std::string, std::string>& stored) {
  std::vector<SettingField> fields;
  for (const auto& info : setting_catalog()) {
    if (is_hidden_setting(info.key)) continue;
    fields.push_back({info.key, stored_or_default(stored, info), false});
  }
  return fields;
}

SettingsSubmission evaluate_settings(const std::map<std::string, std::string>& stored, const http::Form& form) {
  SettingsSubmission out;
  for (const auto& info : setting_catalog()) {
    if (is_hidden_setting(info.key)) continue;
    const std::string old_value = stored_or_default(stored, info);
    SettingField field{info.key, old_value, false};
    if (form.has(info.key)) {
      field.value = std::string(trim_space(form.get(info.key).substr(0, kMaxValueBytes + 1)));
      field.invalid = field.value.size() > kMaxValueBytes || !validate_setting(info.key, field.value).is_ok();
      if (field.invalid) {
        out.valid = false;
      } else if (field.value != old_value) {
        out.changes.push_back({info.key, old_value, field.value});
      }
    }
    out.fields.push_back(std::move(field));
  }
  return out;
}

}  // namespace deskd::admin
