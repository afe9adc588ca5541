#include "core/settings.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace deskd {
namespace {

using Values = std::map<std::string, std::string>;

void expect_spec_defaults(const Settings& s) {
  EXPECT_EQ(s.portal.idle_s, 3600);
  EXPECT_EQ(s.portal.absolute_s, 7 * 86400);
  EXPECT_EQ(s.agent.idle_s, 3600);
  EXPECT_EQ(s.agent.absolute_s, 12 * 3600);
  EXPECT_EQ(s.admin.idle_s, 900);
  EXPECT_EQ(s.admin.absolute_s, 8 * 3600);
  EXPECT_EQ(s.remember_days, 30);
  EXPECT_TRUE(s.remember_users);
  EXPECT_TRUE(s.remember_agents);
  EXPECT_EQ(s.require_2fa, RequireTwoFactor::kOff);
  EXPECT_EQ(s.optional_cookies, OptionalCookies::kOn);
  EXPECT_EQ(s.cookie_prefix, "");
  EXPECT_EQ(s.default_language, "en");
  EXPECT_EQ(s.languages, (std::vector<std::string>{"en", "da", "de"}));
  EXPECT_TRUE(s.messenger_allowed_origins.empty());
  EXPECT_EQ(s.messenger_loader_ttl_s, 3600);
  EXPECT_EQ(s.attachment_max_bytes, 10 * 1024 * 1024);
}

TEST(SettingsTest, StructDefaultsMatchSpec) {
  expect_spec_defaults(Settings{});
}

TEST(SettingsTest, ParsedDefaultsMatchSpec) {
  auto s = parse_settings({});
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  expect_spec_defaults(*s);
}

TEST(SettingsTest, CatalogDefaultsAreValidAndComplete) {
  Values defaults;
  for (const auto& info : setting_catalog()) {
    EXPECT_TRUE(is_setting_key(info.key));
    EXPECT_TRUE(validate_setting(info.key, info.default_value).is_ok()) << info.key;
    EXPECT_NE(std::string(info.description), "") << info.key;
    defaults[info.key] = info.default_value;
  }
  EXPECT_EQ(defaults.size(), 21u);
  auto s = parse_settings(defaults);
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  expect_spec_defaults(*s);
  EXPECT_FALSE(is_setting_key("sessions.nope"));
  EXPECT_FALSE(is_setting_key("server.listen"));
}

TEST(SettingsTest, RetentionDaysDefaultTo180And30AndAreValidated) {
  auto d = parse_settings({});
  ASSERT_TRUE(d.is_ok());
  EXPECT_EQ(d->visitor_retention_days, 180);
  EXPECT_EQ(d->ip_retention_days, 30);
  auto s = parse_settings({{"privacy.visitor_retention_days", "0"}, {"privacy.ip_retention_days", "3650"}});
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  EXPECT_EQ(s->visitor_retention_days, 0);
  EXPECT_EQ(s->ip_retention_days, 3650);
  EXPECT_FALSE(validate_setting("privacy.ip_retention_days", "3651").is_ok());
  EXPECT_FALSE(validate_setting("privacy.visitor_retention_days", "-1").is_ok());
  EXPECT_FALSE(validate_setting("privacy.visitor_retention_days", "").is_ok());
}

TEST(SettingsTest, NetworkAllowListsAreEmptyByDefaultAndValidated) {
  auto d = parse_settings({});
  ASSERT_TRUE(d.is_ok());
  EXPECT_TRUE(d->agent_networks.empty());
  EXPECT_TRUE(d->admin_networks.empty());
  auto s = parse_settings({{"security.admin_networks", "10.0.0.0/8, ::1"}});
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  EXPECT_TRUE(s->admin_networks.contains("10.2.3.4"));
  EXPECT_TRUE(s->admin_networks.contains("::1"));
  EXPECT_FALSE(s->admin_networks.contains("11.0.0.1"));
  EXPECT_FALSE(validate_setting("security.agent_networks", "10.0.0.0/33").is_ok());
  EXPECT_FALSE(validate_setting("security.admin_networks", "intranet").is_ok());
}

TEST(SettingsTest, RequireTwoFactorIsOffAdminsOrStaff) {
  EXPECT_EQ(parse_settings({{"auth.require_2fa", "admins"}})->require_2fa, RequireTwoFactor::kAdmins);
  EXPECT_EQ(parse_settings({{"auth.require_2fa", "staff"}})->require_2fa, RequireTwoFactor::kStaff);
  EXPECT_EQ(parse_settings({{"auth.require_2fa", "off"}})->require_2fa, RequireTwoFactor::kOff);
  EXPECT_FALSE(validate_setting("auth.require_2fa", "agents").is_ok());
  EXPECT_FALSE(validate_setting("auth.require_2fa", "").is_ok());
  EXPECT_FALSE(parse_settings({{"auth.require_2fa", "yes"}}).is_ok());
}

TEST(SettingsTest, ParsesEveryKey) {
  auto s = parse_settings({
      {"sessions.portal_idle_s", "1200"},
      {"sessions.portal_absolute_s", "86400"},
      {"sessions.agent_idle_s", "1800"},
      {"sessions.agent_absolute_s", "36000"},
      {"sessions.admin_idle_s", "600"},
      {"sessions.admin_absolute_s", "14400"},
      {"auth.remember_days", "90"},
      {"auth.remember_users", "false"},
      {"auth.remember_agents", "no"},
      {"cookies.optional", "consent"},
      {"cookies.prefix", "__Host-"},
      {"i18n.default_language", "da"},
      {"i18n.languages", "da, en"},
      {"messenger.allowed_origins", "https://shop.example.com, http://localhost:3000"},
      {"messenger.loader_ttl_s", "0"},
  });
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  EXPECT_EQ(s->portal.idle_s, 1200);
  EXPECT_EQ(s->portal.absolute_s, 86400);
  EXPECT_EQ(s->agent.idle_s, 1800);
  EXPECT_EQ(s->agent.absolute_s, 36000);
  EXPECT_EQ(s->admin.idle_s, 600);
  EXPECT_EQ(s->admin.absolute_s, 14400);
  EXPECT_EQ(s->remember_days, 90);
  EXPECT_FALSE(s->remember_users);
  EXPECT_FALSE(s->remember_agents);
  EXPECT_EQ(s->optional_cookies, OptionalCookies::kConsent);
  EXPECT_EQ(s->cookie_prefix, "__Host-");
  EXPECT_EQ(s->default_language, "da");
  EXPECT_EQ(s->languages, (std::vector<std::string>{"da", "en"}));
  EXPECT_EQ(s->messenger_allowed_origins,
            (std::vector<std::string>{"https://shop.example.com", "http://localhost:3000"}));
  EXPECT_EQ(s->messenger_loader_ttl_s, 0);
}

TEST(SettingsTest, OptionalCookieModes) {
  EXPECT_EQ(parse_settings({{"cookies.optional", "on"}})->optional_cookies, OptionalCookies::kOn);
  EXPECT_EQ(parse_settings({{"cookies.optional", "consent"}})->optional_cookies, OptionalCookies::kConsent);
  EXPECT_EQ(parse_settings({{"cookies.optional", "off"}})->optional_cookies, OptionalCookies::kOff);
}

TEST(SettingsTest, IdleTimeoutsAreClampedTo300Through86400) {
  struct Case {
    const char* value;
    int64_t expected;
  };
  for (const char* key : {"sessions.portal_idle_s", "sessions.agent_idle_s", "sessions.admin_idle_s"}) {
    for (Case c : {Case{"60", 300}, Case{"299", 300}, Case{"300", 300}, Case{"301", 301}, Case{"86400", 86400},
                   Case{"86401", 86400}, Case{"864000", 86400}}) {
      auto s = parse_settings({{key, c.value}});
      ASSERT_TRUE(s.is_ok()) << key << "=" << c.value << ": " << s.status().to_string();
      const int64_t idle = std::string(key) == "sessions.portal_idle_s"  ? s->portal.idle_s
                           : std::string(key) == "sessions.agent_idle_s" ? s->agent.idle_s
                                                                         : s->admin.idle_s;
      EXPECT_EQ(idle, c.expected) << key << "=" << c.value;
    }
  }
}

TEST(SettingsTest, AbsoluteTimeoutsAreNotClamped) {
  auto s = parse_settings({{"sessions.admin_absolute_s", "120"}, {"sessions.portal_absolute_s", "2592000"}});
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  EXPECT_EQ(s->admin.absolute_s, 120);
  EXPECT_EQ(s->portal.absolute_s, 2592000);
}

TEST(SettingsTest, DefaultLanguageIsAlwaysEnabled) {
  auto s = parse_settings({{"i18n.default_language", "fr"}, {"i18n.languages", "en,da"}});
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  EXPECT_EQ(s->default_language, "fr");
  EXPECT_EQ(s->languages, (std::vector<std::string>{"fr", "en", "da"}));
}

TEST(SettingsTest, UnknownKeysAreIgnoredByParse) {
  auto s = parse_settings({{"server.listen", "x"}, {"legacy.key", "1"}});
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  expect_spec_defaults(*s);
}

TEST(SettingsTest, InvalidValueFailsParseNamingTheKey) {
  auto s = parse_settings({{"auth.remember_days", "0"}});
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.status().code(), Code::kInvalidArgument);
  EXPECT_NE(s.status().message().find("'auth.remember_days'"), std::string::npos) << s.status().message();
  EXPECT_NE(s.status().message().find("got '0'"), std::string::npos) << s.status().message();
}

struct ValidatorCase {
  const char* key;
  const char* value;
  bool ok;
};

TEST(SettingsTest, Validators) {
  const ValidatorCase cases[] = {
      // sessions.*: whole seconds, 60 .. 400 days
      {"sessions.portal_idle_s", "60", true},
      {"sessions.portal_idle_s", "3600", true},
      {"sessions.agent_absolute_s", "34560000", true},
      {"sessions.portal_idle_s", "59", false},
      {"sessions.admin_absolute_s", "34560001", false},
      {"sessions.admin_idle_s", "-900", false},
      {"sessions.admin_idle_s", "", false},
      {"sessions.admin_idle_s", "15m", false},
      {"sessions.admin_idle_s", " 900", false},
      {"sessions.admin_idle_s", "1e3", false},
      {"sessions.admin_idle_s", "99999999999999999999999", false},
      // auth.remember_days: 1..395
      {"auth.remember_days", "1", true},
      {"auth.remember_days", "395", true},
      {"auth.remember_days", "0", false},
      {"auth.remember_days", "396", false},
      {"auth.remember_days", "thirty", false},
      // booleans
      {"auth.remember_users", "true", true},
      {"auth.remember_users", "false", true},
      {"auth.remember_users", "on", true},
      {"auth.remember_users", "off", true},
      {"auth.remember_agents", "1", true},
      {"auth.remember_agents", "0", true},
      {"auth.remember_agents", "yes", true},
      {"auth.remember_agents", "no", true},
      {"auth.remember_agents", "maybe", false},
      {"auth.remember_agents", "", false},
      // cookies.optional
      {"cookies.optional", "on", true},
      {"cookies.optional", "consent", true},
      {"cookies.optional", "off", true},
      {"cookies.optional", "ON", false},
      {"cookies.optional", "", false},
      {"cookies.optional", "banner", false},
      // cookies.prefix: empty or exactly __Host- (case-sensitive)
      {"cookies.prefix", "", true},
      {"cookies.prefix", "__Host-", true},
      {"cookies.prefix", "__host-", false},
      {"cookies.prefix", "__Secure-", false},
      {"cookies.prefix", "x", false},
      // languages
      {"i18n.default_language", "en", true},
      {"i18n.default_language", "fil", true},
      {"i18n.default_language", "e", false},
      {"i18n.default_language", "EN", false},
      {"i18n.default_language", "en-US", false},
      {"i18n.default_language", "engl", false},
      {"i18n.default_language", "", false},
      {"i18n.languages", "en", true},
      {"i18n.languages", "en, da,de", true},
      {"i18n.languages", "", false},
      {"i18n.languages", ",", false},
      {"i18n.languages", "en,DA", false},
      {"i18n.languages", "en,d", false},
      // messenger.allowed_origins: scheme://host[:port], no path
      {"messenger.allowed_origins", "", true},
      {"messenger.allowed_origins", "https://shop.example.com", true},
      {"messenger.allowed_origins", "http://localhost:3000, https://a.example", true},
      {"messenger.allowed_origins", "shop.example.com", false},
      {"messenger.allowed_origins", "https://shop.example.com/", false},
      {"messenger.allowed_origins", "https://shop.example.com/path", false},
      {"messenger.allowed_origins", "ftp://shop.example.com", false},
      {"messenger.allowed_origins", "https://ok.example, javascript:alert(1)", false},
      {"messenger.allowed_origins", "https://", false},
      {"messenger.allowed_origins", "http:///", false},
      {"messenger.allowed_origins", "https://shop example.com", false},
      {"messenger.allowed_origins", "https://shop.example.com\"><script>", false},
      // messenger.loader_ttl_s: 0..30 days
      {"messenger.loader_ttl_s", "0", true},
      {"messenger.loader_ttl_s", "2592000", true},
      {"messenger.loader_ttl_s", "2592001", false},
      {"messenger.loader_ttl_s", "-1", false},
      // unknown keys
      {"sessions.portal_idle", "3600", false},
      {"server.listen", "127.0.0.1:8080", false},
  };
  for (const auto& c : cases) {
    Status s = validate_setting(c.key, c.value);
    EXPECT_EQ(s.is_ok(), c.ok) << c.key << "='" << c.value << "': " << s.to_string();
    if (!c.ok) {
      EXPECT_EQ(s.code(), Code::kInvalidArgument);
      EXPECT_NE(s.message().find(c.key), std::string::npos) << s.message();
    }
  }
}

TEST(SettingsTest, ValidatorMessageTruncatesLongValues) {
  const std::string value(1000, 'x');
  Status s = validate_setting("cookies.optional", value);
  ASSERT_FALSE(s.is_ok());
  EXPECT_LT(s.message().size(), 200u);
  EXPECT_NE(s.message().find("got '" + std::string(64, 'x') + "'"), std::string::npos);
}

TEST(SettingsHubTest, GetReturnsInitialAndReplaceSwapsSnapshot) {
  Settings initial;
  initial.admin.idle_s = 600;
  SettingsHub hub(initial);
  auto before = hub.get();
  EXPECT_EQ(before->admin.idle_s, 600);

  Settings next;
  next.admin.idle_s = 1200;
  next.optional_cookies = OptionalCookies::kOff;
  hub.replace(next);
  auto after = hub.get();
  EXPECT_EQ(after->admin.idle_s, 1200);
  EXPECT_EQ(after->optional_cookies, OptionalCookies::kOff);
  // A snapshot already taken by a request stays unchanged.
  EXPECT_EQ(before->admin.idle_s, 600);
  EXPECT_EQ(before->optional_cookies, OptionalCookies::kOn);
  EXPECT_NE(before.get(), after.get());
}

TEST(SettingsHubTest, ConcurrentReadersSeeWholeSnapshots) {
  SettingsHub hub(Settings{});
  std::atomic<bool> torn{false};
  std::thread reader([&] {
    for (int i = 0; i < 20000; ++i) {
      auto s = hub.get();
      if (s->portal.idle_s != s->agent.idle_s) torn = true;
    }
  });
  for (int i = 0; i < 2000; ++i) {
    Settings s;
    s.portal.idle_s = s.agent.idle_s = 300 + i;
    hub.replace(s);
  }
  reader.join();
  EXPECT_FALSE(torn.load());
  EXPECT_EQ(hub.get()->portal.idle_s, 300 + 1999);
}

}  // namespace
}  // namespace deskd

namespace deskd {
namespace {

TEST(AttachmentMaxBytesSetting, AcceptsOneByteToOneHundredMebibytes) {
  EXPECT_TRUE(validate_setting("tickets.attachment_max_bytes", "1").is_ok());
  EXPECT_TRUE(validate_setting("tickets.attachment_max_bytes", "104857600").is_ok());
  EXPECT_FALSE(validate_setting("tickets.attachment_max_bytes", "0").is_ok());
  EXPECT_FALSE(validate_setting("tickets.attachment_max_bytes", "104857601").is_ok());
  EXPECT_FALSE(validate_setting("tickets.attachment_max_bytes", "10MB").is_ok());
  Result<Settings> s = parse_settings({{"tickets.attachment_max_bytes", "2048"}});
  ASSERT_TRUE(s.is_ok());
  EXPECT_EQ(s->attachment_max_bytes, 2048);
}

}  // namespace
}  // namespace deskd
