#include "agent/people.h"

#include <set>

#include "accounts/hygiene.h"
#include "accounts/login.h"
#include "helpcenter/tickets_render.h"
#include "http/form.h"
#include "i18n/format.h"
#include "pipeline/audit.h"
#include "pipeline/render.h"
#include "storage/insight_store.h"

namespace deskd::agent {
namespace {

using pipeline::Area;
using pipeline::RequestContext;

const accounts::LoginArea kLogin{Area::kAgent, "/agent", "agent.login_heading"};
constexpr auto kAgentView = helpcenter::TicketViewer::kAgent;
constexpr int kPerPage = 100;
constexpr int kHistory = 50;
constexpr int kVisits = 100;
constexpr size_t kMaxFilter = 200;

std::string_view domain_of(std::string_view email) {
  const size_t at = email.rfind('@');
  return at == std::string_view::npos ? std::string_view() : email.substr(at + 1);
}

std::string person_url(int64_t id) {
  return "/agent/people/" + std::to_string(id);
}

std::string display_name(const storage::Person& p) {
  return p.name.empty() ? p.email : p.name;
}

void show_directory(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  const std::optional<int> page_no = helpcenter::parse_ticket_page(ctx.query.get("page"));
  if (!page_no) {
    pipeline::render_error(ctx, 400, "tickets.error.page");
    return;
  }
  storage::DirectoryQuery q;
  q.text = std::string(ctx.query.get("q").substr(0, kMaxFilter));
  while (!q.text.empty() && (static_cast<unsigned char>(q.text.back()) & 0x80)) {
    // Never keep half a UTF-8 character after the cut: drop a trailing partial sequence.
    size_t lead = q.text.size() - 1;
    while (lead > 0 && (static_cast<unsigned char>(q.text[lead]) & 0xC0) == 0x80) --lead;
    const unsigned char c = static_cast<unsigned char>(q.text[lead]);
    const size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (q.text.size() - lead == want) break;
    q.text.resize(lead);
  }
  q.limit = kPerPage + 1;
  q.offset = (*page_no - 1) * kPerPage;
  Result<std::vector<storage::DirectoryEntry>> rows = ctx.svc.storage.insights().directory(q);
  if (!rows) {
    pipeline::render_status(ctx, rows.status());
    return;
  }
  const bool has_next = rows->size() > kPerPage;
  if (has_next) rows->pop_back();
  pipeline::Page page(ctx, "desk_people.tpl", ctx.t("desk.people.heading"));
  auto& b = page.body();
  b.SetValue("Q", q.text);
  if (rows->empty()) b.ShowSection("EMPTY");
  ctemplate::TemplateDictionary* group = nullptr;
  std::string current;
  for (const auto& e : *rows) {
    const std::string_view domain = domain_of(e.person.email);
    if (!group || domain != current) {
      current = std::string(domain);
      group = b.AddSectionDictionary("ORG");
      group->SetValue("DOMAIN", current);
    }
    auto* row = group->AddSectionDictionary("PERSON");
    row->SetValue("URL", person_url(e.person.id));
    row->SetValue("NAME", display_name(e.person));
    row->SetValue("EMAIL", e.person.email);
    row->SetValue("ROLE", storage::role_name(e.person.role));
    row->SetValue("TICKETS", i18n::format_number(ctx.lang, e.tickets));
    if (e.person.disabled) row->ShowSection("DISABLED");
  }
  const std::string base = "/agent/people?q=" + http::percent_encode(q.text) + "&page=";
  if (*page_no > 1) b.SetValueAndShowSection("PREV_URL", base + std::to_string(*page_no - 1), "PREV");
  if (has_next) b.SetValueAndShowSection("NEXT_URL", base + std::to_string(*page_no + 1), "NEXT");
  page.finish(200);
}

// The person named by {id}; renders 404 (or the storage failure) otherwise.
std::optional<storage::Person> find_person(RequestContext& ctx) {
  const std::optional<int64_t> id = http::parse_positive_id(accounts::path_param(ctx, "id"));
  if (!id) {
    pipeline::render_error(ctx, 404);
    return std::nullopt;
  }
  Result<storage::Person> p = ctx.svc.storage.people().find_by_id(*id);
  if (!p) {
    pipeline::render_status(ctx, p.status());
    return std::nullopt;
  }
  return std::move(*p);
}

void render_person(RequestContext& ctx, const storage::Person& p, std::string_view notice_key,
                   std::string_view error_key, int status) {
  auto& storage = ctx.svc.storage;
  auto mine = storage.tickets().list_for_person(p.id, kHistory, 0);
  auto by_email = storage.tickets().list_for_email(p.email, kHistory, 0);
  auto chats = storage.chats().chats_for_person(p.id, kHistory);
  auto comments = storage.insights().comments_by_person(p.id, kHistory);
  auto visits = storage.insights().page_views_for_person(p.id, kVisits);
  const Status failed = !mine       ? mine.status()
                        : !by_email ? by_email.status()
                        : !chats    ? chats.status()
                        : !comments ? comments.status()
                        : !visits   ? visits.status()
                                    : Status::ok();
  if (!failed.is_ok()) {
    pipeline::render_status(ctx, failed);
    return;
  }
  pipeline::Page page(ctx, "desk_person.tpl", display_name(p));
  auto& b = page.body();
  b.SetValue("NAME", display_name(p));
  b.SetValue("EMAIL", p.email);
  b.SetValue("ORG", std::string(domain_of(p.email)));
  b.SetValue("ORG_URL", "/agent/people?q=" + http::percent_encode("@" + std::string(domain_of(p.email))));
  b.SetValue("ROLE", storage::role_name(p.role));
  b.SetValue("SINCE", i18n::format_date(ctx.lang, p.created_ms));
  if (p.disabled) b.ShowSection("DISABLED");
  std::set<int64_t> seen;
  std::vector<storage::Ticket> tickets;
  for (auto* list : {&*mine, &*by_email})
    for (auto& t : *list)
      if (seen.insert(t.id).second) tickets.push_back(std::move(t));
  std::sort(tickets.begin(), tickets.end(), [](const auto& a, const auto& b) { return a.created_ms > b.created_ms; });
  if (tickets.empty()) b.ShowSection("NO_TICKETS");
  for (const auto& t : tickets) {
    auto* row = b.AddSectionDictionary("TICKET");
    helpcenter::fill_ticket_row(*row, ctx, t, kAgentView);
  }
  if (chats->empty()) b.ShowSection("NO_CHATS");
  for (const auto& c : *chats) {
    auto* row = b.AddSectionDictionary("CHAT");
    row->SetIntValue("ID", c.id);
    row->SetValue("STATUS", storage::chat_status_name(c.status));
    row->SetValue("DATE", i18n::format_date(ctx.lang, c.created_ms));
  }
  if (comments->empty()) b.ShowSection("NO_COMMENTS");
  for (const auto& c : *comments) {
    auto* row = b.AddSectionDictionary("COMMENT");
    row->SetValue("BODY", c.body);
    row->SetValue("STATUS", storage::comment_status_name(c.status));
    row->SetValue("DATE", i18n::format_date(ctx.lang, c.created_ms));
  }
  if (visits->empty()) b.ShowSection("NO_VISITS");
  for (const auto& v : *visits) {
    auto* row = b.AddSectionDictionary("VISIT");
    row->SetValue("PATH", v.path);
    row->SetValue("TITLE", v.title.empty() ? v.path : v.title);
    row->SetValue("DATE", i18n::format_date(ctx.lang, v.at_ms));
  }
  b.SetValue("MERGE_ACTION", person_url(p.id) + "/merge");
  b.SetValue("MERGE_EMAIL", std::string(ctx.form.get("merge_email").substr(0, 320)));
  b.SetValue("CSRF", ctx.csrf_token());
  if (p.role == storage::Role::kUser && !p.disabled) b.ShowSection("MERGE");
  if (!notice_key.empty()) b.SetValueAndShowSection("NOTICE_TEXT", ctx.t(notice_key), "NOTICE");
  if (!error_key.empty()) b.SetValueAndShowSection("ERROR_TEXT", ctx.t(error_key), "ERROR");
  page.finish(status);
}

void show_person(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  if (auto p = find_person(ctx)) render_person(ctx, *p, {}, {}, 200);
}

void do_merge(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  auto keep = find_person(ctx);
  if (!keep) return;
  const std::string_view email = ctx.form.get("merge_email");
  if (email.empty() || email.size() > 320) {
    render_person(ctx, *keep, {}, "desk.people.merge_email_missing", 400);
    return;
  }
  Result<storage::Person> merged = ctx.svc.storage.people().find_by_email(email);
  if (!merged) {
    if (merged.status().code() != Code::kNotFound) return pipeline::render_status(ctx, merged.status());
    render_person(ctx, *keep, {}, "desk.people.merge_unknown", 404);
    return;
  }
  if (merged->id == keep->id) {
    render_person(ctx, *keep, {}, "desk.people.merge_self", 400);
    return;
  }
  if (keep->role != storage::Role::kUser || merged->role != storage::Role::kUser || keep->disabled) {
    render_person(ctx, *keep, {}, "desk.people.merge_staff", 409);
    return;
  }
  if (Status s = ctx.svc.storage.insights().merge_people(keep->id, merged->id); !s.is_ok()) {
    pipeline::render_status(ctx, s);
    return;
  }
  // The merged account is disabled: it is signed out everywhere (a failure is
  // logged and counted there; the merge itself stands).
  (void)accounts::end_other_sessions(ctx.svc, merged->id, "");
  pipeline::audit(ctx, "people_merged", ctx.person->id, ctx.person->email,
                  merged->email + " (#" + std::to_string(merged->id) + ") -> " + keep->email + " (#" +
                      std::to_string(keep->id) + ")");
  ctx.flash("desk.people.merged");
  ctx.redirect(person_url(keep->id));
}

// CSRF/origin failure: the person page with what was typed.
void rerender(RequestContext& ctx, std::string_view notice, int status) {
  const std::optional<int64_t> id = http::parse_positive_id(accounts::path_param(ctx, "id"));
  if (ctx.signed_in() && id) {
    if (Result<storage::Person> p = ctx.svc.storage.people().find_by_id(*id); p.is_ok()) {
      render_person(ctx, *p, notice, {}, status);
      return;
    }
  }
  pipeline::render_resubmit(ctx, notice);
}

}  // namespace

void register_people_routes(pipeline::App& app) {
  app.get(Area::kAgent, "/agent/people", show_directory);
  app.get(Area::kAgent, "/agent/people/{id}", show_person);
  app.post(Area::kAgent, "/agent/people/{id}/merge", do_merge, rerender);
}

}  // namespace deskd::agent
