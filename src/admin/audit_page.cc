#include "admin/audit_page.h"

#include <algorithm>

#include "admin/audit_query.h"
#include "admin/shell.h"
#include "admin/when.h"
#include "core/text.h"
#include "pipeline/render.h"

namespace deskd::admin {
namespace {

using pipeline::RequestContext;

// Events read when filtering by an e-mail that belongs to no account (such
// events carry only the typed address, so the store cannot filter them).
constexpr int kEmailScanLimit = 5'000;

std::string event_label(const RequestContext& ctx, const std::string& event) {
  const std::string key = "admin.event." + event;
  const std::string& text = ctx.t(key);
  return text == key ? event : text;
}

void show_audit(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  AuditQuery q = parse_audit_query(ctx.query);
  storage::AuditFilter filter;
  filter.person_id = q.person_id;
  filter.event = q.event;
  filter.since_ms = q.since_ms;
  filter.until_ms = q.until_ms;
  std::optional<std::string> email_only;  // in-memory filter for an address with no account
  if (q.person_email) {
    auto person = ctx.svc.storage.people().find_by_email(*q.person_email);
    if (person.is_ok()) {
      filter.person_id = person->id;
    } else if (person.status().code() == Code::kNotFound) {
      email_only = q.person_email;
    } else {
      return pipeline::render_status(ctx, person.status());
    }
  }
  const size_t first = static_cast<size_t>(q.page.offset());
  filter.limit = email_only ? kEmailScanLimit : static_cast<int>(first) + kPerPage + 1;
  auto listed = ctx.svc.storage.audit().list(filter);
  if (!listed.is_ok()) return pipeline::render_status(ctx, listed.status());
  std::vector<storage::AuditEvent> events = std::move(*listed);
  if (email_only) {
    std::erase_if(events, [&](const storage::AuditEvent& e) {
      return ascii_lower(e.email) != *email_only;
    });
  }
  const bool has_next = events.size() > first + kPerPage;

  pipeline::Page page(ctx, "admin_audit.tpl", ctx.t("admin.audit.heading"));
  auto& b = page.body();
  add_nav(b, ctx, Section::kAudit);
  for (const auto& key : q.notices) add_notice(b, ctx, key);
  b.SetValue("PERSON", q.person_text);
  b.SetValue("SINCE", q.since_text);
  b.SetValue("UNTIL", q.until_text);
  std::vector<std::string> names = audit_event_names();
  if (q.event && std::find(names.begin(), names.end(), *q.event) == names.end()) names.push_back(*q.event);
  for (const auto& name : names) {
    auto* o = b.AddSectionDictionary("EVENT_OPTION");
    o->SetValue("VALUE", name);
    o->SetValue("LABEL", event_label(ctx, name));
    if (q.event && *q.event == name) o->ShowSection("SELECTED");
  }
  for (size_t i = first; i < events.size() && i < first + kPerPage; ++i) {
    const auto& e = events[i];
    auto* row = b.AddSectionDictionary("EVENT");
    row->SetValue("WHEN", format_when(ctx.lang, e.at_ms));
    row->SetValue("NAME", e.event);
    row->SetValue("LABEL", event_label(ctx, e.event));
    row->SetValue("EMAIL", e.email);
    if (e.person_id != 0) row->SetValueAndShowSection("PERSON_ID", std::to_string(e.person_id), "HAS_PERSON");
    row->SetValue("IP", e.ip);
    row->SetValue("DETAIL", e.detail);
  }
  if (events.size() <= first) b.ShowSection("EMPTY");
  add_pager(b, ctx, "/admin/audit", q.params(), "page", q.page.number, has_next && q.page.number < kMaxAuditPage);
  page.finish();
}

}  // namespace

void register_audit(pipeline::App& app) {
  app.get(pipeline::Area::kAdmin, "/admin/audit", show_audit);
}

}  // namespace deskd::admin
