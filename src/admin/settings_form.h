#pragma once
// The admin settings form: every helpdesk setting of setting_catalog() (never
// an internal.* key) with its stored value, and the evaluation of a submitted
// form against validate_setting(). Pure; thread-safe.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "http/form.h"

namespace deskd::admin {

enum class SettingKind { kNumber, kBool, kChoice, kText };

SettingKind setting_kind(std::string_view key);
// The allowed values of a kChoice or kBool setting, in display order.
std::vector<std::string> setting_choices(std::string_view key);
// Keys the admin interface never shows or stores (server secrets).
bool is_hidden_setting(std::string_view key);

struct SettingField {
  std::string key;
  std::string value;  // stored (or default) on display; as typed after a submit
  bool invalid = false;
};

struct SettingChange {
  std::string key;
  std::string old_value;
  std::string new_value;
  // "key: old -> new", for the setting_changed audit event.
  std::string audit_detail() const;
};

struct SettingsSubmission {
  std::vector<SettingField> fields;    // catalog order
  std::vector<SettingChange> changes;  // valid and different from the stored value
  bool valid = true;                   // every submitted value passed validate_setting
};

// The form as shown: each catalog setting with its stored value, or its default.
std::vector<SettingField> current_settings(const std::map<std::string, std::string>& stored);

// Each catalog key present in `form` is trimmed and validated; an absent key
// keeps its stored value. `changes` lists what differs from `stored`.
SettingsSubmission evaluate_settings(const std::map<std::string, std::string>& stored, const http::Form& form);

}  // namespace deskd::admin
