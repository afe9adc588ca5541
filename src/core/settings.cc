#include "core/settings.h"

#include <algorithm>
#include <cstdlib>

#include "core/config.h"

namespace deskd {
namespace {

constexpr int64_t kMinIdle = 300;
constexpr int64_t kMaxIdle = 86400;

std::optional<int64_t> to_int(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

std::optional<bool> to_bool(std::string_view text) {
  if (text == "true" || text == "on" || text == "1" || text == "yes") return true;
  if (text == "false" || text == "off" || text == "0" || text == "no") return false;
  return std::nullopt;
}

bool is_language_code(std::string_view v) {
  if (v.size() < 2 || v.size() > 3) return false;
  return std::all_of(v.begin(), v.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// scheme://host[:port] with a non-empty host of host characters only.
bool is_origin(std::string_view v) {
  std::string_view host;
  if (v.starts_with("https://")) {
    host = v.substr(8);
  } else if (v.starts_with("http://")) {
    host = v.substr(7);
  } else {
    return false;
  }
  if (host.empty() || v.size() >= 256) return false;
  return std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == ':' || c == '[' || c == ']';
  });
}

}  // namespace

const std::vector<SettingInfo>& setting_catalog() {
  static const std::vector<SettingInfo> catalog = {
      {"sessions.portal_idle_s", "3600", "Help Center session idle timeout (seconds, 300-86400)"},
      {"sessions.portal_absolute_s", "604800", "Help Center session absolute lifetime (seconds)"},
      {"sessions.agent_idle_s", "3600", "Agent session idle timeout (seconds, 300-86400)"},
      {"sessions.agent_absolute_s", "43200", "Agent session absolute lifetime (seconds)"},
      {"sessions.admin_idle_s", "900", "Admin session idle timeout (seconds, 300-86400)"},
      {"sessions.admin_absolute_s", "28800", "Admin session absolute lifetime (seconds)"},
      {"auth.remember_days", "30", "Remember Me lifetime in days (1-395)"},
      {"auth.remember_users", "true", "Offer Remember Me to Help Center users"},
      {"auth.remember_agents", "true", "Offer Remember Me to agents"},
      {"auth.require_2fa", "off",
       "Two-factor sign-in required for: off, admins (recommended) or staff (agents and admins)"},
      {"cookies.optional", "on", "Optional cookies: on, consent (banner) or off"},
      {"cookies.prefix", "", "Cookie name prefix over HTTPS: empty or __Host-"},
      {"i18n.default_language", "en", "Default Help Center language"},
      {"i18n.languages", "en,da,de", "Enabled Help Center languages"},
      {"messenger.allowed_origins", "", "Origins allowed to embed the Messenger (comma-separated)"},
      {"messenger.loader_ttl_s", "3600", "How long the Messenger loader may reuse its cached bundle URL (seconds)"},
      {"tickets.attachment_max_bytes", "10485760",
       "Largest file a ticket form, agent reply or mail may attach (bytes, 1-104857600)"},
      {"security.agent_networks", "",
       "Networks allowed into the Agent interface (CIDR, comma-separated; empty = anywhere)"},
      {"security.admin_networks", "",
       "Networks allowed into the Admin interface (CIDR, comma-separated; empty = anywhere)"},
      {"privacy.visitor_retention_days", "180",
       "Days page views and visitors without an account are kept (0-3650; pruned daily)"},
      {"privacy.ip_retention_days", "30",
       "Days IP addresses are kept in full in sessions, remembered devices and the audit log (0-3650)"},
  };
  return catalog;
}

bool is_setting_key(std::string_view key) {
  for (const auto& info : setting_catalog())
    if (key == info.key) return true;
  return false;
}

Status validate_setting(std::string_view key, std::string_view value) {
  auto bad = [&](std::string_view why) {
    return invalid_argument("setting '" + std::string(key) + "' " + std::string(why) + ", got '" +
                            std::string(value.substr(0, 64)) + "'");
  };
  if (!is_setting_key(key)) return invalid_argument("unknown setting '" + std::string(key) + "'");
  if (key.starts_with("sessions.")) {
    auto n = to_int(value);
    if (!n || *n < 60 || *n > 400LL * 86400) return bad("must be a number of seconds (60-34560000)");
  } else if (key == "auth.remember_days") {
    auto n = to_int(value);
    if (!n || *n < 1 || *n > 395) return bad("must be 1-395");
  } else if (key == "auth.remember_users" || key == "auth.remember_agents") {
    if (!to_bool(value)) return bad("must be true or false");
  } else if (key == "auth.require_2fa") {
    if (value != "off" && value != "admins" && value != "staff") return bad("must be off, admins or staff");
  } else if (key == "cookies.optional") {
    if (value != "on" && value != "consent" && value != "off") return bad("must be on, consent or off");
  } else if (key == "cookies.prefix") {
    if (!value.empty() && value != "__Host-") return bad("must be empty or __Host-");
  } else if (key == "i18n.default_language") {
    if (!is_language_code(value)) return bad("must be a language code");
  } else if (key == "i18n.languages") {
    auto list = split_list(value);
    if (list.empty()) return bad("must list at least one language");
    for (const auto& l : list)
      if (!is_language_code(l)) return bad("must be language codes");
  } else if (key == "messenger.allowed_origins") {
    for (const auto& o : split_list(value))
      if (!is_origin(o)) return bad("must be origins like https://shop.example.com");
  } else if (key == "security.agent_networks" || key == "security.admin_networks") {
    if (!NetworkList::parse(value)) return bad("must be IP networks like 10.0.0.0/8, 2001:db8::/32");
  } else if (key == "tickets.attachment_max_bytes") {
    auto n = to_int(value);
    if (!n || *n < 1 || *n > kMaxAttachmentMaxBytes) return bad("must be 1-104857600 bytes");
  } else if (key == "privacy.visitor_retention_days" || key == "privacy.ip_retention_days") {
    auto n = to_int(value);
    if (!n || *n > 3650) return bad("must be a number of days (0-3650)");
  } else if (key == "messenger.loader_ttl_s") {
    auto n = to_int(value);
    if (!n || *n < 0 || *n > 2592000) return bad("must be 0-2592000");
  }
  return Status::ok();
}

Result<Settings> parse_settings(const std::map<std::string, std::string>& values) {
  std::map<std::string, std::string> v;
  for (const auto& info : setting_catalog()) v[info.key] = info.default_value;
  for (const auto& [k, val] : values) {
    if (!is_setting_key(k)) continue;
    if (Status s = validate_setting(k, val); !s.is_ok()) return s;
    v[k] = val;
  }
  Settings s;
  auto idle = [&](const char* k) { return std::clamp(*to_int(v[k]), kMinIdle, kMaxIdle); };
  s.portal = {idle("sessions.portal_idle_s"), *to_int(v["sessions.portal_absolute_s"])};
  s.agent = {idle("sessions.agent_idle_s"), *to_int(v["sessions.agent_absolute_s"])};
  s.admin = {idle("sessions.admin_idle_s"), *to_int(v["sessions.admin_absolute_s"])};
  s.remember_days = *to_int(v["auth.remember_days"]);
  s.remember_users = *to_bool(v["auth.remember_users"]);
  s.remember_agents = *to_bool(v["auth.remember_agents"]);
  const std::string& require_2fa = v["auth.require_2fa"];
  s.require_2fa = require_2fa == "admins" ? RequireTwoFactor::kAdmins
                  : require_2fa == "staff" ? RequireTwoFactor::kStaff
                                           : RequireTwoFactor::kOff;
  const std::string& opt = v["cookies.optional"];
  s.optional_cookies = opt == "consent" ? OptionalCookies::kConsent
                       : opt == "off"   ? OptionalCookies::kOff
                                        : OptionalCookies::kOn;
  s.cookie_prefix = v["cookies.prefix"];
  s.languages = split_list(v["i18n.languages"]);
  s.default_language = v["i18n.default_language"];
  if (std::find(s.languages.begin(), s.languages.end(), s.default_language) == s.languages.end())
    s.languages.insert(s.languages.begin(), s.default_language);
  s.messenger_allowed_origins = split_list(v["messenger.allowed_origins"]);
  s.messenger_loader_ttl_s = *to_int(v["messenger.loader_ttl_s"]);
  s.attachment_max_bytes = *to_int(v["tickets.attachment_max_bytes"]);
  s.agent_networks = *NetworkList::parse(v["security.agent_networks"]);
  s.admin_networks = *NetworkList::parse(v["security.admin_networks"]);
  s.visitor_retention_days = *to_int(v["privacy.visitor_retention_days"]);
  s.ip_retention_days = *to_int(v["privacy.ip_retention_days"]);
  return s;
}

}  // namespace deskd
