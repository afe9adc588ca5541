#include "admin/audit_query.h"

#include <algorithm>

#include "admin/when.h"
#include "core/text.h"

namespace deskd::admin {
namespace {

constexpr size_t kMaxEmail = 254;
constexpr int64_t kDayMs = 86'400'000;

std::string trimmed(std::string_view s) {
  return std::string(trim_ows(s));
}

std::optional<int64_t> person_number(std::string_view s) {
  if (s.starts_with('#')) s.remove_prefix(1);
  if (s.empty() || s.size() > 18) return std::nullopt;
  int64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n > 0 ? std::optional<int64_t>(n) : std::nullopt;
}

bool plausible_email(std::string_view s) {
  const size_t at = s.find('@');
  if (s.size() > kMaxEmail || at == std::string_view::npos || at == 0 || at + 1 == s.size()) return false;
  return std::none_of(s.begin(), s.end(), [](unsigned char c) { return c <= ' ' || c == 0x7f; });
}

}  // namespace

const std::vector<std::string>& audit_event_names() {
  static const std::vector<std::string> names = {
      "login",           "login_failed",     "login_throttled",  "logout",          "remember_login", "remember_theft",
      "session_revoked", "remember_revoked", "password_changed", "password_reset",  "email_changed",  "role_changed",
      "person_created",  "person_disabled",  "person_enabled",   "setting_changed",
      "two_factor_enabled", "two_factor_disabled", "two_factor_reset", "two_factor_failed", "two_factor_throttled",
      "recovery_code_used", "recovery_codes_renewed",
  };
  return names;
}

bool is_event_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || name[0] < 'a' || name[0] > 'z') return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

QueryParams AuditQuery::params() const {
  return {{"person", person_text}, {"event", event_text}, {"since", since_text}, {"until", until_text}};
}

AuditQuery parse_audit_query(const http::Form& query) {
  AuditQuery q;
  if (std::string person = trimmed(query.get("person")); !person.empty()) {
    if (auto id = person_number(person)) {
      q.person_id = id;
      q.person_text = person;
    } else if (plausible_email(person)) {
      person = ascii_lower(person);
      q.person_email = person;
      q.person_text = person;
    } else {
      q.notices.emplace_back("admin.audit.bad_person");
    }
  }
  if (std::string event = trimmed(query.get("event")); !event.empty()) {
    if (is_event_name(event)) {
      q.event = event;
      q.event_text = event;
    } else {
      q.notices.emplace_back("admin.audit.bad_event");
    }
  }
  if (std::string since = trimmed(query.get("since")); !since.empty()) {
    if (auto ms = parse_day_ms(since)) {
      q.since_ms = ms;
      q.since_text = since;
    } else {
      q.notices.emplace_back("admin.audit.bad_since");
    }
  }
  if (std::string until = trimmed(query.get("until")); !until.empty()) {
    if (auto ms = parse_day_ms(until)) {
      q.until_ms = *ms + kDayMs;
      q.until_text = until;
    } else {
      q.notices.emplace_back("admin.audit.bad_until");
    }
  }
  if (q.since_ms && q.until_ms && *q.since_ms >= *q.until_ms) {
    q.until_ms.reset();
    q.until_text.clear();
    q.notices.emplace_back("admin.audit.bad_range");
  }
  q.page = parse_page(query.get("page"), kMaxAuditPage);
  if (q.page.malformed) q.notices.emplace_back("admin.audit.bad_page");
  return q;
}

}  // namespace deskd::admin
