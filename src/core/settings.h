#pragma once
// Helpdesk settings: typed, validated, with documented defaults. Stored as text
// in the database and edited in the Admin interface; the current snapshot is
// swapped atomically so a change takes effect on the next request.
#include <map>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/networks.h"
#include "core/status.h"

namespace deskd {

inline constexpr int64_t kDefaultAttachmentMaxBytes = 10 * 1024 * 1024;  // 10 MiB
inline constexpr int64_t kMaxAttachmentMaxBytes = 100 * 1024 * 1024;     // the setting's ceiling

enum class OptionalCookies { kOn, kConsent, kOff };
// Who must sign in to /agent and /admin with a second factor (auth.require_2fa).
enum class RequireTwoFactor { kOff, kAdmins, kStaff };

struct InterfaceTimeouts {
  int64_t idle_s;
  int64_t absolute_s;
};

struct Settings {
  InterfaceTimeouts portal{3600, 7 * 86400};
  InterfaceTimeouts agent{3600, 12 * 3600};
  InterfaceTimeouts admin{900, 8 * 3600};
  int64_t remember_days = 30;
  bool remember_users = true;
  bool remember_agents = true;
  RequireTwoFactor require_2fa = RequireTwoFactor::kOff;
  OptionalCookies optional_cookies = OptionalCookies::kOn;
  std::string cookie_prefix;  // "" or "__Host-"
  std::string default_language = "en";
  std::vector<std::string> languages = {"en", "da", "de"};
  std::vector<std::string> messenger_allowed_origins;
  int64_t messenger_loader_ttl_s = 3600;
  // Largest file a ticket form, an agent reply or a mail may attach (bytes).
  int64_t attachment_max_bytes = kDefaultAttachmentMaxBytes;
  // Client networks allowed into /agent and /admin (SPEC §12); empty = anywhere.
  NetworkList agent_networks;
  NetworkList admin_networks;
  // Retention (SPEC §13): page views and visitors without an account older
  // than this are pruned daily; IP addresses older than ip_retention_days are
  // truncated (IPv4 /24, IPv6 /48).
  int64_t visitor_retention_days = 180;
  int64_t ip_retention_days = 30;
};

struct SettingInfo {
  const char* key;
  const char* default_value;
  const char* description;
};
// Every helpdesk setting key with its default, in display order.
const std::vector<SettingInfo>& setting_catalog();
bool is_setting_key(std::string_view key);

// Builds Settings from stored text values (missing keys take defaults).
// InvalidArgument naming the key for an invalid value. Idle timeouts are clamped to 300-86400 s.
Result<Settings> parse_settings(const std::map<std::string, std::string>& values);
// Validates one key/value pair (as the Admin interface would store it).
Status validate_setting(std::string_view key, std::string_view value);

// Holds the current Settings snapshot. Thread-safe.
class SettingsHub {
 public:
  explicit SettingsHub(Settings initial) : current_(std::make_shared<const Settings>(std::move(initial))) {}
  std::shared_ptr<const Settings> get() const {
    std::lock_guard lock(mu_);
    return current_;
  }
  // A change made on this node (the Admin settings page): swaps the settings
  // in, then tells the listener (cluster: other nodes reload theirs).
  void replace(Settings next) {
    replace_from_peer(std::move(next));
    if (listener_) listener_();
  }
  // Settings another node changed, reloaded from storage: no listener call.
  void replace_from_peer(Settings next) {
    auto p = std::make_shared<const Settings>(std::move(next));
    std::lock_guard lock(mu_);
    current_ = std::move(p);
  }
  // Set before serving; runs on the thread that called replace().
  void set_listener(std::function<void()> listener) { listener_ = std::move(listener); }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const Settings> current_;
  std::function<void()> listener_;  // set before serving, then read-only
};

}  // namespace deskd
