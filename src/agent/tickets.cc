#include "agent/tickets.h"

#include "accounts/hygiene.h"
#include "accounts/login.h"
#include "helpcenter/tickets.h"
#include "helpcenter/tickets_files.h"
#include "helpcenter/tickets_ref.h"
#include "helpcenter/tickets_render.h"
#include "http/form.h"
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

void show_list(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  const std::string_view status_raw = ctx.query.has("status") ? ctx.query.get("status") : "open";
  std::optional<TicketStatus> status;
  if (status_raw != "all") {
    status = storage::parse_ticket_status(status_raw);
    if (!status) {
      pipeline::render_error(ctx, 400, "tickets.error.status");
      return;
    }
  }
  const std::optional<int> page_no = helpcenter::parse_ticket_page(ctx.query.get("page"));
  if (!page_no) {
    pipeline::render_error(ctx, 400, "tickets.error.page");
    return;
  }
  Result<std::vector<Ticket>> rows = ctx.svc.storage.tickets().list({status, kPerPage + 1, (*page_no - 1) * kPerPage});
  Result<std::map<TicketStatus, int64_t>> counts = ctx.svc.storage.tickets().count_by_status();
  if (!rows || !counts) {
    pipeline::render_status(ctx, !rows ? rows.status() : counts.status());
    return;
  }
  const bool has_next = rows->size() > kPerPage;
  if (has_next) rows->pop_back();

  pipeline::Page page(ctx, "tickets_agent_list.tpl", ctx.t("tickets.agent_heading"));
  auto& b = page.body();
  int64_t total = 0;
  for (TicketStatus s : storage::kAllTicketStatuses) {
    auto* f = b.AddSectionDictionary("FILTER");
    f->SetValue("VALUE", storage::ticket_status_name(s));
    f->SetValue("LABEL", helpcenter::ticket_status_label(ctx, s, kAgentView));
    f->SetIntValue("COUNT", counts->at(s));
    if (status == s) f->ShowSection("CURRENT");
    total += counts->at(s);
  }
  auto* all = b.AddSectionDictionary("FILTER");
  all->SetValue("VALUE", "all");
  all->SetValue("LABEL", ctx.t("tickets.filter_all"));
  all->SetIntValue("COUNT", total);
  if (!status) all->ShowSection("CURRENT");
  auto* table = rows->empty() ? nullptr : b.AddSectionDictionary("TABLE");
  for (const auto& t : *rows) {
    auto* row = table->AddSectionDictionary("TICKET");
    helpcenter::fill_ticket_row(*row, ctx, t, kAgentView);
    row->SetValue("REQUESTER", t.requester_name);
    row->SetValue("REQUESTER_EMAIL", t.requester_email);
  }
  if (rows->empty()) b.ShowSection("EMPTY");
  const std::string base =
      "/agent/tickets?status=" + std::string(status ? storage::ticket_status_name(*status) : "all");
  if (*page_no > 1) b.SetValueAndShowSection("PREV_URL", base + "&page=" + std::to_string(*page_no - 1), "PREV");
  if (has_next) b.SetValueAndShowSection("NEXT_URL", base + "&page=" + std::to_string(*page_no + 1), "NEXT");
  page.finish(200);
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

void render_ticket(RequestContext& ctx, const Ticket& t, std::string_view notice_key, std::string_view error_key,
                   int status, std::string_view error_text = {}) {
  Result<std::vector<storage::TicketMessage>> messages = ctx.svc.storage.tickets().messages(t.id);
  Result<std::vector<Ticket>> others =
      ctx.svc.storage.tickets().list_for_email(t.requester_email, kOtherTickets + 1, 0);
  Result<std::vector<storage::Attachment>> files = ctx.svc.storage.attachments().list_for_ticket(t.id);
  if (!messages || !others || !files) {
    pipeline::render_status(ctx, !messages ? messages.status() : !others ? others.status() : files.status());
    return;
  }
  pipeline::Page page(ctx, "tickets_agent_view.tpl", t.subject);
  auto& b = page.body();
  helpcenter::fill_ticket_row(b, ctx, t, kAgentView);
  b.SetValue("REF_TEXT", ctx.svc.catalogs.format(ctx.lang, "tickets.reference", {{"ref", t.ref}}));
  b.SetValue("REQUESTER", t.requester_name);
  b.SetValue("REQUESTER_EMAIL", t.requester_email);
  b.SetValue("REQUESTER_KIND", ctx.t(t.person_id ? "tickets.requester_account" : "tickets.requester_guest"));
  b.SetValue("SOURCE", ctx.t(t.source == "messenger" ? "tickets.source_messenger" : "tickets.source_web"));
  b.SetValue("LANGUAGE", t.lang);
  helpcenter::add_ticket_thread(b, ctx, *messages, *files, ticket_url(t.ref) + "/attachments/");
  helpcenter::fill_attachment_hint(b, ctx);
  if (status >= 400 && helpcenter::files_were_sent(ctx))
    b.SetValueAndShowSection("FILES_LOST_TEXT", ctx.t("tickets.error.attachments_lost"), "FILES_LOST");
  fill_collision(b, ctx, *messages);
  b.SetValue("PRESENCE_SCRIPT_URL", ctx.svc.static_files.url("ticket-presence.js"));
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
  b.SetValue("MESSAGE", std::string(ctx.form.get("message").substr(0, helpcenter::kMaxTicketMessage * 4 + 16)));
  const std::string_view wanted =
      ctx.form.has("status") ? ctx.form.get("status") : storage::ticket_status_name(t.status);
  for (TicketStatus s : storage::kAllTicketStatuses) {
    auto* o = b.AddSectionDictionary("STATUS_OPTION");
    o->SetValue("VALUE", storage::ticket_status_name(s));
    o->SetValue("LABEL", helpcenter::ticket_status_label(ctx, s, kAgentView));
    if (wanted == storage::ticket_status_name(s)) o->ShowSection("SELECTED");
  }
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
  if (!helpcenter::attach(ctx, added->id, *uploads)) return;
  pipeline::audit(ctx, "ticket_replied", ctx.person->id, ctx.person->email, t->ref);
  const bool mailed = helpcenter::queue_reply_mail(ctx.svc, *t, m.author_name, m.body, ctx.public_origin);
  ctx.flash(mailed ? "tickets.flash_agent_replied" : "tickets.flash_agent_replied_unmailed");
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
}

}  // namespace deskd::agent
