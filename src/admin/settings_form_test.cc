#include "admin/settings_form.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/settings.h"

namespace deskd::admin {
namespace {

const SettingField& field(const std::vector<SettingField>& fields, std::string_view key) {
  auto it = std::find_if(fields.begin(), fields.end(), [&](const SettingField& f) { return f.key == key; });
  EXPECT_NE(it, fields.end()) << key;
  return *it;
}

TEST(SettingsForm, ShowsEveryCatalogSettingWithStoredOrDefaultValue) {
  std::map<std::string, std::string> stored = {{"sessions.portal_idle_s", "1200"}, {"internal.csrf_key", "secret"}};
  auto fields = current_settings(stored);
  EXPECT_EQ(fields.size(), setting_catalog().size());
  EXPECT_EQ(field(fields, "sessions.portal_idle_s").value, "1200");
  EXPECT_EQ(field(fields, "auth.remember_days").value, "30");
  for (const auto& f : fields) EXPECT_FALSE(f.key.starts_with("internal.")) << f.key;
  EXPECT_TRUE(is_hidden_setting("internal.csrf_key"));
}

TEST(SettingsForm, ValidSubmitListsOnlyChanges) {
  std::map<std::string, std::string> stored = {{"sessions.portal_idle_s", "3600"}, {"auth.remember_users", "true"}};
  http::Form form{{{"sessions.portal_idle_s", " 1800 "},
                   {"auth.remember_users", "false"},
                   {"auth.remember_days", "30"},
                   {"internal.csrf_key", "planted"}}};
  SettingsSubmission s = evaluate_settings(stored, form);
  EXPECT_TRUE(s.valid);
  ASSERT_EQ(s.changes.size(), 2u);
  EXPECT_EQ(s.changes[0].audit_detail(), "sessions.portal_idle_s: 3600 -> 1800");
  EXPECT_EQ(s.changes[1].audit_detail(), "auth.remember_users: true -> false");
  for (const auto& c : s.changes) EXPECT_FALSE(c.key.starts_with("internal.")) << c.key;
}

TEST(SettingsForm, InvalidValuesAreMarkedAndKeepWhatWasTyped) {
  http::Form form{{{"sessions.portal_idle_s", "12abc"}, {"cookies.optional", "maybe"}, {"auth.remember_days", "7"}}};
  SettingsSubmission s = evaluate_settings({}, form);
  EXPECT_FALSE(s.valid);
  EXPECT_TRUE(field(s.fields, "sessions.portal_idle_s").invalid);
  EXPECT_EQ(field(s.fields, "sessions.portal_idle_s").value, "12abc");
  EXPECT_TRUE(field(s.fields, "cookies.optional").invalid);
  EXPECT_FALSE(field(s.fields, "auth.remember_days").invalid);
  EXPECT_EQ(field(s.fields, "auth.remember_days").value, "7");
}

TEST(SettingsForm, OversizeValueIsInvalid) {
  http::Form form{{{"messenger.allowed_origins", std::string(5000, 'a')}}};
  EXPECT_FALSE(evaluate_settings({}, form).valid);
}

TEST(SettingsForm, KindsAndChoices) {
  EXPECT_EQ(setting_kind("auth.remember_agents"), SettingKind::kBool);
  EXPECT_EQ(setting_kind("sessions.admin_absolute_s"), SettingKind::kNumber);
  EXPECT_EQ(setting_kind("cookies.optional"), SettingKind::kChoice);
  EXPECT_EQ(setting_kind("i18n.languages"), SettingKind::kText);
  EXPECT_EQ(setting_choices("cookies.optional"), (std::vector<std::string>{"on", "consent", "off"}));
  EXPECT_EQ(setting_choices("cookies.prefix"), (std::vector<std::string>{"", "__Host-"}));
  // Every offered choice must be storable.
  for (const auto& info : setting_catalog())
    for (const auto& c : setting_choices(info.key)) EXPECT_TRUE(validate_setting(info.key, c).is_ok()) << info.key;
}

}  // namespace
}  // namespace deskd::admin
