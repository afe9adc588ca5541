#include "agent/tickets.h"

#include <algorithm>
#include <map>

#include "accounts/hygiene.h"
#include "accounts/login.h"
#include "agent/canned.h"
#include "agent/desk_fields.h"
#include "agent/notify_box.h"
#include "agent/sla_view.h"
#include "helpcenter/tickets.h"
#include "helpcenter/tickets_files.h"
#include "helpcenter/tickets_ref.h"
#include "helpcenter/tickets_render.h"
#include "http/form.h"
#include "i18n/format.h"
#include "pipeline/audit.h"
#include "pipeline/render.h"

namespace deskd::agent {
namespace {

using pipeline::Area;
using pipeline::RequestContext;
using storage::Ticket;
using storage::TicketStatus;

const accounts::LoginArea kLogin{Area::kAgent, "/agent", "agent.login_heading"};
constexpr auto kAgentView = helpcenter::TicketViewer::kAgent;
constexpr int kPerPage = 50;

// The time zone SLA times are shown in (the schedule's; UTC when unreadable).
std::string sla_zone(RequestContext& ctx) {
  Result<storage::SlaPolicy> policy = ctx.svc.storage.sla().policy();
  return policy.is_ok() ? policy->schedule.time_zone : "UTC";
}
constexpr int kOtherTickets = 10;
constexpr size_t kReplyBodyLimit = 256 * 1024;

std::string ticket_url(std::string_view ref) {
  return "/agent/tickets/" + std::string(ref);
}

// The ticket named by {ref}; renders 404 (or the storage failure) otherwise.
std::optional<Ticket> find_ticket(RequestContext& ctx) {
  const std::string_view ref = accounts::path_param(ctx, "ref");
  if (!helpcenter::well_formed_ticket_ref(ref)) {
    pipeline::render_error(ctx, 404);
    return std::nullopt;
  }
  Result<Ticket> t = ctx.svc.storage.tickets().find_by_ref(ref);
  if (!t) {
    pipeline::render_status(ctx, t.status());
    return std::nullopt;
  }
  return std::move(*t);
}

// ---- list ----

// Which slice of the queue a list page shows. From the query string of a GET,
// or from the hidden fields of the bulk form when it is re-rendered.
struct ListRequest {
  storage::TicketView view = storage::TicketView::kAllOpen;
  std::optional<TicketStatus> status;
  storage::TicketSort sort = storage::TicketSort::kUpdated;
  int page = 1;
};

// `status_field` names the status filter ("status" in a query, "list_status"
// in the bulk form, whose "status" is the change). An absent view with a
// status filter means every ticket of that status; with neither, All open.
std::optional<ListRequest> parse_list(const http::Form& in, std::string_view status_field, std::string_view& problem) {
  ListRequest r;
  const std::string_view status_raw = in.get(status_field);
  if (!status_raw.empty() && status_raw != "all") {
    r.status = storage::parse_ticket_status(status_raw);
    if (!r.status) {
      problem = "tickets.error.status";
      return std::nullopt;
    }
  }
  if (in.has("view")) {
    auto view = storage::parse_ticket_view(in.get("view"));
    if (!view) {
      problem = "desk.error.view";
      return std::nullopt;
    }
    r.view = *view;
  } else if (!status_raw.empty()) {
    r.view = storage::TicketView::kAll;
  }
  if (in.has("sort")) {
    auto sort = storage::parse_ticket_sort(in.get("sort"));
    if (!sort) {
      problem = "desk.error.sort";
      return std::nullopt;
    }
    r.sort = *sort;
  }
  const std::optional<int> page_no = helpcenter::parse_ticket_page(in.get("page"));
  if (!page_no) {
    problem = "tickets.error.page";
    return std::nullopt;
  }
  r.page = *page_no;
  return r;
}

std::string list_url(const ListRequest& r) {
  std::string url = std::string("/agent/tickets?view=") + storage::ticket_view_name(r.view);
  if (r.status) url += std::string("&status=") + storage::ticket_status_name(*r.status);
  url += std::string("&sort=") + storage::ticket_sort_name(r.sort);
  if (r.page > 1) url += "&page=" + std::to_string(r.page);
  return url;
}

constexpr storage::TicketSort kSorts[] = {storage::TicketSort::kUpdated, storage::TicketSort::kPriority,
                                          storage::TicketSort::kNewest, storage::TicketSort::kOldest};

// The refs ticked in a posted bulk form (field `ticket`, repeated).
std::vector<std::string_view> ticked_refs(const http::Form& form) {
  std::vector<std::string_view> refs;
  for (const auto& [name, value] : form.fields) {
    if (name == "ticket") refs.push_back(value);
  }
  return refs;
}

// The list page. On a re-render of the bulk form (ctx.form present) the
// ticked tickets and the chosen actions are kept.
void render_list(RequestContext& ctx, const ListRequest& r, std::string_view notice_key, std::string_view error_key,
                 int http_status) {
  storage::TicketStore& tickets = ctx.svc.storage.tickets();
  storage::TicketQuery q;
  q.status = r.status;
  q.view = r.view;
  q.agent_id = ctx.person->id;
  q.sort = r.sort;
  q.now_ms = ctx.svc.clock.now_ms();
  q.limit = kPerPage + 1;
  q.offset = (r.page - 1) * kPerPage;
  Result<std::vector<Ticket>> rows = tickets.list(q);
  Result<std::map<storage::TicketView, int64_t>> counts = tickets.count_views(ctx.person->id, ctx.svc.clock.now_ms());
  Result<DeskDirectory> dir = load_directory(ctx.svc.storage);
  if (!rows || !counts || !dir) {
    pipeline::render_status(ctx, !rows ? rows.status() : !counts ? counts.status() : dir.status());
    return;
  }
  const bool has_next = rows->size() > kPerPage;
  if (has_next) rows->pop_back();
  const bool posted = ctx.req.method == "POST";
  const std::vector<std::string_view> ticked = posted ? ticked_refs(ctx.form) : std::vector<std::string_view>{};

  ctx.res = http::Response{};
  pipeline::Page page(ctx, "tickets_agent_list.tpl", ctx.t("tickets.agent_heading"));
  auto& b = page.body();
  for (storage::TicketView v : storage::kAllTicketViews) {
    auto* f = b.AddSectionDictionary("VIEW");
    f->SetValue("URL", list_url({v, std::nullopt, r.sort, 1}));
    f->SetValue("NAME", storage::ticket_view_name(v));
    f->SetValue("LABEL", ctx.t(std::string("desk.view.") + storage::ticket_view_name(v)));
    f->SetValue("COUNT", i18n::format_number(ctx.lang, counts->at(v)));
    if (r.view == v) f->ShowSection("CURRENT");
  }
  auto add_filter = [&](std::optional<TicketStatus> s, std::string label) {
    auto* f = b.AddSectionDictionary("FILTER");
    f->SetValue("URL", list_url({r.view, s, r.sort, 1}));
    f->SetValue("LABEL", std::move(label));
    if (r.status == s) f->ShowSection("CURRENT");
  };
  add_filter(std::nullopt, ctx.t("tickets.filter_all"));
  for (TicketStatus s : storage::kAllTicketStatuses) {
    if (r.view != storage::TicketView::kAll && (s == TicketStatus::kResolved || s == TicketStatus::kClosed)) continue;
    add_filter(s, helpcenter::ticket_status_label(ctx, s, kAgentView));
  }
  for (storage::TicketSort s : kSorts) {
    auto* f = b.AddSectionDictionary("SORT");
    f->SetValue("URL", list_url({r.view, r.status, s, 1}));
    f->SetValue("LABEL", ctx.t(std::string("desk.sort.") + storage::ticket_sort_name(s)));
    if (r.sort == s) f->ShowSection("CURRENT");
  }
  auto* table = rows->empty() ? nullptr : b.AddSectionDictionary("TABLE");
  const std::string zone = sla_zone(ctx);
  const int64_t now = ctx.svc.clock.now_ms();
  for (const auto& t : *rows) {
    auto* row = table->AddSectionDictionary("TICKET");
    helpcenter::fill_ticket_row(*row, ctx, t, kAgentView);
    row->SetValue("REQUESTER", t.requester_name);
    row->SetValue("REQUESTER_EMAIL", t.requester_email);
    row->SetValue("PRIORITY", priority_label(ctx, t.priority));
    row->SetValue("PRIORITY_NAME", storage::ticket_priority_name(t.priority));
    row->SetValue("GROUP", dir->group_name(t.group_id));
    row->SetValue("ASSIGNEE", t.assignee_id ? dir->staff_name(t.assignee_id) : ctx.t("desk.unassigned"));
    if (std::find(ticked.begin(), ticked.end(), t.ref) != ticked.end()) row->ShowSection("CHECKED");
    const SlaLine due = next_due_line(ctx.svc.catalogs, ctx.lang, t, now, zone);
    row->SetValue("SLA_STATE", sla_state_name(due.state));
    row->SetValue("SLA_TEXT", due.text);
  }
  if (table) {
    table->SetValue("CSRF", ctx.csrf_token());
    table->SetValue("VIEW_NAME", storage::ticket_view_name(r.view));
    table->SetValue("LIST_STATUS", r.status ? storage::ticket_status_name(*r.status) : "");
    table->SetValue("SORT_NAME", storage::ticket_sort_name(r.sort));
    table->SetIntValue("PAGE", r.page);
    FieldChoice chosen;
    if (posted) {
      chosen = {std::string(ctx.form.get("status").substr(0, 16)), std::string(ctx.form.get("priority").substr(0, 16)),
                std::string(ctx.form.get("group").substr(0, 20)), std::string(ctx.form.get("assignee").substr(0, 20))};
    }
    add_field_options(*table, ctx, *dir, chosen, true);
  }
  if (rows->empty()) b.ShowSection("EMPTY");
  if (r.page > 1) b.SetValueAndShowSection("PREV_URL", list_url({r.view, r.status, r.sort, r.page - 1}), "PREV");
  if (has_next) b.SetValueAndShowSection("NEXT_URL", list_url({r.view, r.status, r.sort, r.page + 1}), "NEXT");
  if (!notice_key.empty()) b.SetValueAndShowSection("NOTICE_TEXT", ctx.t(notice_key), "NOTICE");
  if (!error_key.empty()) b.SetValueAndShowSection("ERROR_TEXT", ctx.t(error_key), "ERROR");
  add_notify_box(b, ctx, NotifySocket::kOwn);  // the list page holds no other socket
  page.finish(http_status);
}

void show_list(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  std::string_view problem;
  const std::optional<ListRequest> r = parse_list(ctx.query, "status", problem);
  if (!r) {
    pipeline::render_error(ctx, 400, problem);
    return;
  }
  render_list(ctx, *r, {}, {}, 200);
}

// The list the bulk form was posted from (its hidden fields), or All open.
ListRequest posted_list(const RequestContext& ctx) {
  std::string_view ignored;
  return parse_list(ctx.form, "list_status", ignored).value_or(ListRequest{});
}

// POST /agent/tickets/bulk: one change to every ticked ticket, then back to
// the same list. Nothing is changed unless every part of the change is valid.
void do_bulk(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  const ListRequest back = posted_list(ctx);
  storage::TicketChange change;
  if (std::string_view problem = parse_change(ctx.form, ctx.person->id, change); !problem.empty()) {
    render_list(ctx, back, {}, problem, 400);
    return;
  }
  const std::vector<std::string_view> refs = ticked_refs(ctx.form);
  if (refs.empty()) return render_list(ctx, back, {}, "desk.error.none_ticked", 400);
  if (change.empty()) return render_list(ctx, back, {}, "desk.error.no_change", 400);
  if (refs.size() > storage::kMaxTicketBatch) return render_list(ctx, back, {}, "desk.error.too_many", 400);
  std::vector<int64_t> ids;
  std::string audited;
  for (std::string_view ref : refs) {
    if (!helpcenter::well_formed_ticket_ref(ref)) continue;
    Result<Ticket> t = ctx.svc.storage.tickets().find_by_ref(ref);
    if (t.status().code() == Code::kNotFound) continue;
    if (!t) return pipeline::render_status(ctx, t.status());
    ids.push_back(t->id);
    audited += (audited.empty() ? "" : " ") + t->ref;
  }
  if (ids.empty()) return render_list(ctx, back, {}, "desk.error.none_ticked", 400);  // none of them exists
  Result<int64_t> changed = ctx.svc.storage.tickets().update(ids, change, ctx.svc.clock.now_ms());
  if (changed.status().code() == Code::kInvalidArgument) {
    return render_list(ctx, back, {}, "desk.error.choice", 400);
  }
  if (!changed) return pipeline::render_status(ctx, changed.status());
  pipeline::audit(ctx, "tickets_bulk_updated", ctx.person->id, ctx.person->email,
                  describe_change(change) + ": " + audited);
  ctx.flash("desk.flash_bulk");
  ctx.redirect(list_url(back));
}

void rerender_bulk(RequestContext& ctx, std::string_view notice, int status) {
  if (!ctx.signed_in()) return pipeline::render_resubmit(ctx, notice);
  render_list(ctx, posted_list(ctx), notice, {}, status);
}

// ---- one ticket ----

// Collision (issue 15 item 7): the reply form carries the id of the newest
// message the agent saw (seen_message_id). Messages after it by someone else
// arrived while they were writing. A form without the field has seen everything.
std::vector<const storage::TicketMessage*> arrived_while_writing(const RequestContext& ctx,
                                                                 const std::vector<storage::TicketMessage>& messages) {
  std::vector<const storage::TicketMessage*> out;
  if (!ctx.form.has("seen_message_id")) return out;
  const int64_t seen = http::parse_positive_id(ctx.form.get("seen_message_id")).value_or(0);
  for (const auto& m : messages)
    if (m.id > seen && m.author_id != ctx.person->id) out.push_back(&m);
  return out;
}

// Shows what arrived while the agent was writing above the kept reply, and
// makes the reply form's seen_message_id the newest message shown.
void fill_collision(ctemplate::TemplateDictionary& b, const RequestContext& ctx,
                    const std::vector<storage::TicketMessage>& messages) {
  int64_t newest = 0;
  for (const auto& m : messages) newest = std::max(newest, m.id);
  b.SetIntValue("SEEN_MESSAGE_ID", newest);
  const auto arrived = arrived_while_writing(ctx, messages);
  b.SetValue("REPLY_SUBMIT", ctx.t(arrived.empty() ? "tickets.agent_reply_submit" : "desk.collision.confirm"));
  if (arrived.empty()) return;
  auto* c = b.AddSectionDictionary("COLLISION");
  c->SetValue("TEXT",
              ctx.svc.catalogs.format(ctx.lang, "desk.collision.replied", {{"name", arrived.back()->author_name}}));
  for (const auto* m : arrived) {
    auto* r = c->AddSectionDictionary("NEW_REPLY");
    r->SetValue("AUTHOR", m->author_name);
    r->SetValue("BODY", m->body);
  }
}

// How each message arrived: by mail when the mail store received it, from
// the agent desk when staff wrote it, else (the requester on the web) the
// ticket's own channel for its first message and the Help Center after.
std::map<int64_t, storage::TicketChannel> message_channels(const Ticket& t,
                                                           const std::vector<storage::TicketMessage>& messages,
                                                           const std::vector<int64_t>& by_mail) {
  std::map<int64_t, storage::TicketChannel> out;
  int64_t first = 0;
  for (const auto& m : messages) first = first == 0 ? m.id : std::min(first, m.id);
  for (const auto& m : messages) {
    if (std::binary_search(by_mail.begin(), by_mail.end(), m.id)) {
      out[m.id] = storage::TicketChannel::kMail;
    } else if (m.author == storage::TicketAuthor::kAgent) {
      out[m.id] = storage::TicketChannel::kAgent;
    } else {
      out[m.id] = m.id == first ? t.channel : storage::TicketChannel::kPortal;
    }
  }
  return out;
}

void render_ticket(RequestContext& ctx, const Ticket& t, std::string_view notice_key, std::string_view error_key,
                   int status, std::string_view error_text = {}) {
  Result<std::vector<storage::TicketMessage>> messages = ctx.svc.storage.tickets().staff_thread(t.id);
  Result<std::vector<Ticket>> others =
      ctx.svc.storage.tickets().list_for_email(t.requester_email, kOtherTickets + 1, 0);
  Result<std::vector<storage::Attachment>> files = ctx.svc.storage.attachments().list_for_ticket(t.id);
  Result<DeskDirectory> dir = load_directory(ctx.svc.storage);
  Result<std::vector<int64_t>> by_mail = ctx.svc.storage.mail().inbound_messages(t.id);
  if (!messages || !others || !files || !dir || !by_mail) {
    pipeline::render_status(ctx, !messages ? messages.status()
                                 : !others ? others.status()
                                 : !files  ? files.status()
                                 : !dir    ? dir.status()
                                           : by_mail.status());
    return;
  }
  ctx.res = http::Response{};
  pipeline::Page page(ctx, "tickets_agent_view.tpl", t.subject);
  auto& b = page.body();
  helpcenter::fill_ticket_row(b, ctx, t, kAgentView);
  b.SetValue("REF_TEXT", ctx.svc.catalogs.format(ctx.lang, "tickets.reference", {{"ref", t.ref}}));
  b.SetValue("REQUESTER", t.requester_name);
  b.SetValue("REQUESTER_EMAIL", t.requester_email);
  b.SetValue("REQUESTER_KIND", ctx.t(t.person_id ? "tickets.requester_account" : "tickets.requester_guest"));
  b.SetValue("SOURCE", ctx.t(std::string("tickets.channel.") + storage::ticket_channel_name(t.channel)));
  b.SetValue("CHANNEL_NAME", storage::ticket_channel_name(t.channel));
  b.SetValue("LANGUAGE", t.lang);
  b.SetValue("PRIORITY", priority_label(ctx, t.priority));
  b.SetValue("PRIORITY_NAME", storage::ticket_priority_name(t.priority));
  b.SetValue("GROUP", t.group_id ? dir->group_name(t.group_id) : ctx.t("desk.no_group"));
  b.SetValue("ASSIGNEE", t.assignee_id ? dir->staff_name(t.assignee_id) : ctx.t("desk.unassigned"));
  {
    const std::string zone = sla_zone(ctx);
    const int64_t now = ctx.svc.clock.now_ms();
    const SlaLine first = sla_line(ctx.svc.catalogs, ctx.lang, t.first_response_due_ms, t.first_replied_ms, now, zone);
    const SlaLine resolution = sla_line(ctx.svc.catalogs, ctx.lang, t.resolution_due_ms, t.resolved_ms, now, zone);
    b.SetValue("SLA_FIRST_STATE", sla_state_name(first.state));
    b.SetValue("SLA_FIRST_TEXT", first.text);
    b.SetValue("SLA_RESOLUTION_STATE", sla_state_name(resolution.state));
    b.SetValue("SLA_RESOLUTION_TEXT", resolution.text);
  }
  const auto channels = message_channels(t, *messages, *by_mail);  // inbound_messages is sorted by id
  helpcenter::add_ticket_thread(b, ctx, *messages, *files, ticket_url(t.ref) + "/attachments/", &channels);
  helpcenter::fill_attachment_hint(b, ctx);
  if (status >= 400 && helpcenter::files_were_sent(ctx))
    b.SetValueAndShowSection("FILES_LOST_TEXT", ctx.t("tickets.error.attachments_lost"), "FILES_LOST");
  fill_collision(b, ctx, *messages);
  b.SetValue("PRESENCE_SCRIPT_URL", ctx.svc.static_files.url("ticket-presence.js"));
  add_notify_box(b, ctx, NotifySocket::kPageHoldsIt);  // ticket-presence.js holds the socket
  b.SetIntValue("ME_ID", ctx.person->id);
  int shown = 0;
  for (const auto& other : *others) {
    if (other.id == t.id || shown == kOtherTickets) continue;
    ++shown;
    auto* row = b.AddSectionDictionary("OTHER");
    helpcenter::fill_ticket_row(*row, ctx, other, kAgentView);
  }
  if (shown == 0) b.ShowSection("NO_OTHERS");
  const std::string csrf = ctx.csrf_token();
  b.SetValue("CSRF", csrf);
  b.SetValue("REPLY_ACTION", ticket_url(t.ref) + "/reply");
  b.SetValue("STATUS_ACTION", ticket_url(t.ref) + "/status");
  b.SetValue("NOTE_ACTION", ticket_url(t.ref) + "/note");
  b.SetValue("FIELDS_ACTION", ticket_url(t.ref) + "/fields");
  b.SetValue("MESSAGE", std::string(ctx.form.get("message").substr(0, helpcenter::kMaxTicketMessage * 4 + 16)));
  b.SetValue("NOTE", std::string(ctx.form.get("note").substr(0, helpcenter::kMaxTicketMessage * 4 + 16)));
  FieldChoice chosen = choice_of(t);  // what was posted wins, so a failed post keeps it
  for (auto [name, field] : {std::pair{"status", &chosen.status}, std::pair{"priority", &chosen.priority},
                             std::pair{"group", &chosen.group}, std::pair{"assignee", &chosen.assignee}}) {
    if (ctx.form.has(name)) *field = std::string(ctx.form.get(name).substr(0, 20));
  }
  const std::string me = agent_display_name(ctx);
  for (const auto& r : usable_canned(ctx)) {
    auto* c = b.AddSectionDictionary("CANNED");
    c->SetValue("CANNED_TITLE", r.title);
    c->SetValue("CANNED_BODY", fill_canned(r.body, t.requester_name, t.ref, me));
  }
  b.SetValue("CANNED_SCRIPT_URL", ctx.svc.static_files.url("agent-canned.js"));
  auto* fields = b.AddSectionDictionary("FIELDS");
  add_field_options(*fields, ctx, *dir, chosen, false);
  if (!notice_key.empty()) b.SetValueAndShowSection("NOTICE_TEXT", ctx.t(notice_key), "NOTICE");
  if (!error_key.empty()) b.SetValueAndShowSection("ERROR_TEXT", ctx.t(error_key), "ERROR");
  if (!error_text.empty()) b.SetValueAndShowSection("ERROR_TEXT", std::string(error_text), "ERROR");
  page.finish(status);
}

void show_ticket(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  if (auto t = find_ticket(ctx)) render_ticket(ctx, *t, {}, {}, 200);
}

void do_reply(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  auto t = find_ticket(ctx);
  if (!t) return;
  if (std::string_view problem = helpcenter::ticket_message_problem(ctx.form.get("message")); !problem.empty()) {
    render_ticket(ctx, *t, {}, problem, 400);
    return;
  }
  if (ctx.form.has("seen_message_id")) {
    Result<std::vector<storage::TicketMessage>> seen = ctx.svc.storage.tickets().messages(t->id);
    if (!seen) return pipeline::render_status(ctx, seen.status());
    if (!arrived_while_writing(ctx, *seen).empty()) return render_ticket(ctx, *t, {}, {}, 409);
  }
  auto uploads = helpcenter::uploads_or_refuse(
      ctx, [&](const std::string& text) { render_ticket(ctx, *t, {}, {}, 413, text); });
  if (!uploads) return;
  storage::NewTicketMessage m;
  m.ticket_id = t->id;
  m.author = storage::TicketAuthor::kAgent;
  m.author_id = ctx.person->id;
  m.author_name = ctx.person->name.empty() ? ctx.person->email : ctx.person->name;
  m.body = helpcenter::normalized_message(ctx.form.get("message"));
  m.created_ms = ctx.svc.clock.now_ms();
  Result<storage::TicketMessage> added = ctx.svc.storage.tickets().add_message(m);
  if (!added) {
    pipeline::render_status(ctx, added.status());
    return;
  }
  std::vector<storage::Attachment> files;
  if (!helpcenter::attach(ctx, added->id, *uploads, &files)) return;
  pipeline::audit(ctx, "ticket_replied", ctx.person->id, ctx.person->email, t->ref);
  const bool mailed = helpcenter::queue_reply_mail(ctx.svc, *t, m.author_name, m.body, ctx.public_origin, files);
  ctx.flash(mailed ? "tickets.flash_agent_replied" : "tickets.flash_agent_replied_unmailed");
  ctx.redirect(ticket_url(t->ref));
}

// POST /agent/tickets/{ref}/note: an internal note. Never mailed; the
// requester's pages never list it (TicketStore::messages leaves notes out).
void do_note(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  auto t = find_ticket(ctx);
  if (!t) return;
  if (std::string_view problem = helpcenter::ticket_message_problem(ctx.form.get("note")); !problem.empty()) {
    render_ticket(ctx, *t, {}, "desk.error.note", 400);
    return;
  }
  storage::NewTicketMessage m;
  m.ticket_id = t->id;
  m.author = storage::TicketAuthor::kAgent;
  m.author_id = ctx.person->id;
  m.author_name = ctx.person->name.empty() ? ctx.person->email : ctx.person->name;
  m.body = helpcenter::normalized_message(ctx.form.get("note"));
  m.created_ms = ctx.svc.clock.now_ms();
  m.kind = storage::TicketMessageKind::kNote;
  if (Result<storage::TicketMessage> added = ctx.svc.storage.tickets().add_message(m); !added) {
    pipeline::render_status(ctx, added.status());
    return;
  }
  pipeline::audit(ctx, "ticket_note", ctx.person->id, ctx.person->email, t->ref);
  ctx.flash("desk.flash_note");
  ctx.redirect(ticket_url(t->ref));
}

// POST /agent/tickets/{ref}/fields: status, priority, group and assignee at once.
void do_fields(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  auto t = find_ticket(ctx);
  if (!t) return;
  storage::TicketChange change;
  if (std::string_view problem = parse_change(ctx.form, ctx.person->id, change); !problem.empty()) {
    render_ticket(ctx, *t, {}, problem, 400);
    return;
  }
  if (change.empty()) {
    render_ticket(ctx, *t, {}, "desk.error.no_change", 400);
    return;
  }
  Result<int64_t> changed = ctx.svc.storage.tickets().update({t->id}, change, ctx.svc.clock.now_ms());
  if (changed.status().code() == Code::kInvalidArgument) {
    render_ticket(ctx, *t, {}, "desk.error.choice", 400);
    return;
  }
  if (!changed) {
    pipeline::render_status(ctx, changed.status());
    return;
  }
  pipeline::audit(ctx, "ticket_updated", ctx.person->id, ctx.person->email, t->ref + ": " + describe_change(change));
  ctx.flash("desk.flash_fields");
  ctx.redirect(ticket_url(t->ref));
}

void do_status(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  auto t = find_ticket(ctx);
  if (!t) return;
  const std::optional<TicketStatus> status = storage::parse_ticket_status(ctx.form.get("status"));
  if (!status) {
    render_ticket(ctx, *t, {}, "tickets.error.status", 400);
    return;
  }
  if (Status s = ctx.svc.storage.tickets().set_status(t->id, *status, ctx.svc.clock.now_ms()); !s.is_ok()) {
    pipeline::render_status(ctx, s);
    return;
  }
  pipeline::audit(
      ctx, "ticket_status", ctx.person->id, ctx.person->email,
      t->ref + ": " + storage::ticket_status_name(t->status) + " -> " + storage::ticket_status_name(*status));
  ctx.flash("tickets.flash_status");
  ctx.redirect(ticket_url(t->ref));
}

// CSRF/origin failure: the ticket page with what was typed for a signed-in
// agent, else the generic resubmit page.
void rerender(RequestContext& ctx, std::string_view notice, int status) {
  const std::string_view ref = accounts::path_param(ctx, "ref");
  if (ctx.signed_in() && helpcenter::well_formed_ticket_ref(ref)) {
    if (Result<Ticket> t = ctx.svc.storage.tickets().find_by_ref(ref); t.is_ok()) {
      render_ticket(ctx, *t, notice, {}, status);
      return;
    }
  }
  pipeline::render_resubmit(ctx, notice);
}

// GET /agent/tickets/{ref}/attachments/{id}: any signed-in agent may read
// any ticket's files.
void download_attachment(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  if (auto t = find_ticket(ctx)) helpcenter::answer_attachment(ctx, *t);
}

void add_post(pipeline::App& app, std::string pattern, pipeline::HandlerFn fn, bool multipart = false) {
  pipeline::Route r;
  r.pattern = std::move(pattern);
  r.area = Area::kAgent;
  r.handle = std::move(fn);
  r.rerender = rerender;
  r.body_limit = kReplyBodyLimit;
  r.multipart = multipart;
  app.add("POST", std::move(r));
}

}  // namespace

void register_ticket_routes(pipeline::App& app) {
  app.get(Area::kAgent, "/agent/tickets", show_list);
  app.get(Area::kAgent, "/agent/tickets/{ref}", show_ticket);
  add_post(app, "/agent/tickets/{ref}/reply", do_reply, /*multipart=*/true);
  app.get(Area::kAgent, "/agent/tickets/{ref}/attachments/{id}", download_attachment);
  add_post(app, "/agent/tickets/{ref}/status", do_status);
  add_post(app, "/agent/tickets/{ref}/note", do_note);
  add_post(app, "/agent/tickets/{ref}/fields", do_fields);
  pipeline::Route bulk;
  bulk.pattern = "/agent/tickets/bulk";
  bulk.area = Area::kAgent;
  bulk.handle = do_bulk;
  bulk.rerender = rerender_bulk;
  app.add("POST", std::move(bulk));
}

}  // namespace deskd::agent
