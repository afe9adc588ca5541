#pragma once
// The filters of GET /admin/audit (person, event, since, until, page) parsed
// from the query string. Bad values are dropped, each with a notice (catalog
// key) for the page; nothing here fails. Pure; thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "admin/paging.h"
#include "http/form.h"

namespace deskd::admin {

// Pages beyond this are refused (the store lists newest first without an offset).
inline constexpr int kMaxAuditPage = 200;

// The events the audit page offers as filters and labels (admin.event.<name>).
const std::vector<std::string>& audit_event_names();
// A name an audit event may have: [a-z][a-z0-9_]* up to 64 characters.
bool is_event_name(std::string_view name);

struct AuditQuery {
  // What the form shows back: the accepted values as typed (dropped ones empty).
  std::string person_text;
  std::string event_text;
  std::string since_text;
  std::string until_text;

  std::optional<int64_t> person_id;         // "42" or "#42"
  std::optional<std::string> person_email;  // lower-cased; resolved by the page
  std::optional<std::string> event;
  std::optional<int64_t> since_ms;  // midnight UTC of `since`
  std::optional<int64_t> until_ms;  // midnight UTC of the day after `until` (exclusive)
  PageRequest page;
  std::vector<std::string> notices;  // catalog keys, one per dropped value

  // The filters as query parameters (for page links).
  QueryParams params() const;
};

AuditQuery parse_audit_query(const http::Form& query);

}  // namespace deskd::admin
