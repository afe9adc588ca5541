// /api/v1/tickets: list (filters, cursor pages), get by ref, create, reply or
// note, update. Writes go through the same services as the Help Center and
// the agent desk (helpcenter::create_ticket, TicketStore), with the same
// validation, mails and audit rows.
#include "api/routes.h"

#include "accounts/fields.h"
#include "api/body.h"
#include "api/common.h"
#include "api/ticket_json.h"
#include "helpcenter/tickets.h"
#include "helpcenter/tickets_ref.h"
#include "pipeline/audit.h"
#include "pipeline/json_answer.h"

namespace deskd::api {
namespace {

using pipeline::answer_api_error;
using pipeline::answer_json;
using pipeline::RequestContext;
using storage::ApiScope;
using storage::Ticket;

// The ticket of the {ref} parameter, or nullopt after answering 404/5xx.
std::optional<Ticket> find_ticket(RequestContext& ctx) {
  const std::string_view ref = param(ctx, "ref");
  if (!helpcenter::well_formed_ticket_ref(ref)) {
    answer_api_error(ctx, 404, "no ticket with this reference");
    return std::nullopt;
  }
  Result<Ticket> t = ctx.svc.storage.tickets().find_by_ref(ref);
  if (!t) {
    if (t.status().code() == Code::kNotFound) {
      answer_api_error(ctx, 404, "no ticket with this reference");
    } else {
      pipeline::render_status(ctx, t.status());
    }
    return std::nullopt;
  }
  return std::move(*t);
}

// The ticket with its whole staff thread, as GET /api/v1/tickets/{ref} shows it.
void answer_ticket(RequestContext& ctx, const Ticket& t, int status) {
  auto thread = ctx.svc.storage.tickets().staff_thread(t.id);
  if (!thread) return pipeline::render_status(ctx, thread.status());
  auto files = ctx.svc.storage.attachments().list_for_ticket(t.id);
  if (!files) return pipeline::render_status(ctx, files.status());
  auto dir = Directory::load(ctx.svc.storage);
  if (!dir) return pipeline::render_status(ctx, dir.status());
  answer_json(ctx, status, ticket_detail(t, *thread, *files, *dir));
}

// GET /api/v1/tickets?status=&view=all|open|unassigned&requester=&limit=&cursor=
// Oldest first, so a page's cursor stays valid while new tickets arrive.
void list_tickets(RequestContext& ctx) {
  auto page = read_page(ctx);
  if (!page) return;
  if (ctx.query.has("requester") && (ctx.query.has("status") || ctx.query.has("view"))) {
    return answer_api_error(ctx, 400, "requester cannot be combined with status or view");
  }
  storage::TicketQuery q;
  if (!ctx.query.has("requester")) {
    q.sort = storage::TicketSort::kOldest;
    q.limit = page->limit + 1;
    q.offset = page->offset;
    if (ctx.query.has("status")) {
      q.status = storage::parse_ticket_status(ctx.query.get("status"));
      if (!q.status) return answer_api_error(ctx, 400, "status must be open, pending, resolved or closed");
    }
    const std::string_view view = ctx.query.has("view") ? ctx.query.get("view") : "all";
    if (view == "all") {
      q.view = storage::TicketView::kAll;
    } else if (view == "open") {
      q.view = storage::TicketView::kAllOpen;
    } else if (view == "unassigned") {
      q.view = storage::TicketView::kUnassigned;
    } else {
      return answer_api_error(ctx, 400, "view must be all, open or unassigned");
    }
  }
  Result<std::vector<Ticket>> rows =
      ctx.query.has("requester")
          ? ctx.svc.storage.tickets().list_for_email(accounts::normalized_email(ctx.query.get("requester")),
                                                     page->limit + 1, page->offset)
          : ctx.svc.storage.tickets().list(q);
  if (!rows) return pipeline::render_status(ctx, rows.status());
  auto dir = Directory::load(ctx.svc.storage);
  if (!dir) return pipeline::render_status(ctx, dir.status());
  const bool more = rows->size() > static_cast<size_t>(page->limit);
  if (more) rows->resize(page->limit);
  json list = json::array();
  for (const auto& t : *rows) list.push_back(ticket_summary(t, *dir));
  answer_json(ctx, 200, {{"tickets", std::move(list)}, {"next_cursor", more ? json(next_cursor(*page)) : json(nullptr)}});
}

void get_ticket(RequestContext& ctx) {
  if (auto t = find_ticket(ctx)) answer_ticket(ctx, *t, 200);
}

// POST /api/v1/tickets {subject, body, requester, requester_name?}: as the
// Help Center contact form does it (the requester gets the confirmation mail
// with the link back); a requester with an account owns the ticket.
void create(RequestContext& ctx) {
  auto body = read_object(ctx, {"subject", "body", "requester", "requester_name"});
  if (!body) return;
  auto subject = text_field(ctx, *body, "subject");
  auto message = text_field(ctx, *body, "body");
  auto requester = text_field(ctx, *body, "requester");
  auto name = text_field(ctx, *body, "requester_name");
  if (!subject || !message || !requester || !name) return;
  if (!subject->present || !message->present || !requester->present) {
    return answer_api_error(ctx, 400, "subject, body and requester are required");
  }
  helpcenter::NewTicketInput in;
  in.email = requester->value;
  in.subject = subject->value;
  in.message = message->value;
  in.name = name->present ? name->value : requester->value.substr(0, requester->value.find('@'));
  in.lang = ctx.settings->default_language;
  in.origin = ctx.public_origin;
  if (auto person = ctx.svc.storage.people().find_by_email(accounts::normalized_email(requester->value));
      person.is_ok()) {
    in.person_id = person->id;
    if (!person->language.empty()) in.lang = person->language;
  }
  Result<Ticket> t = helpcenter::create_ticket(ctx.svc, in);
  if (!t) {
    if (t.status().code() == Code::kInvalidArgument) {
      return answer_api_error(ctx, 422, ctx.t(t.status().message()));
    }
    return pipeline::render_status(ctx, t.status());
  }
  pipeline::audit(ctx, "api_ticket_created", 0, actor_name(ctx), t->ref);
  answer_ticket(ctx, *t, 201);
}

// POST /api/v1/tickets/{ref}/messages {body, kind: reply|note}: a reply is
// mailed to the requester like an agent's; a note stays internal.
void add_message(RequestContext& ctx) {
  auto body = read_object(ctx, {"body", "kind"});
  if (!body) return;
  auto text = text_field(ctx, *body, "body");
  auto kind = text_field(ctx, *body, "kind");
  if (!text || !kind) return;
  if (!text->present) return answer_api_error(ctx, 400, "body is required");
  storage::TicketMessageKind k = storage::TicketMessageKind::kReply;
  if (kind->present && kind->value == "note") {
    k = storage::TicketMessageKind::kNote;
  } else if (kind->present && kind->value != "reply") {
    return answer_api_error(ctx, 400, "kind must be reply or note");
  }
  auto t = find_ticket(ctx);
  if (!t) return;
  if (std::string_view problem = helpcenter::ticket_message_problem(text->value); !problem.empty()) {
    return answer_api_error(ctx, 422, ctx.t(problem));
  }
  storage::NewTicketMessage m;
  m.ticket_id = t->id;
  m.author = storage::TicketAuthor::kAgent;
  m.author_name = actor_name(ctx);
  m.body = helpcenter::normalized_message(text->value);
  m.created_ms = ctx.svc.clock.now_ms();
  m.kind = k;
  Result<storage::TicketMessage> added = ctx.svc.storage.tickets().add_message(m);
  if (!added) return pipeline::render_status(ctx, added.status());
  if (k == storage::TicketMessageKind::kReply) {
    pipeline::audit(ctx, "api_ticket_replied", 0, actor_name(ctx), t->ref);
    helpcenter::queue_reply_mail(ctx.svc, *t, m.author_name, m.body, ctx.public_origin);
  } else {
    pipeline::audit(ctx, "api_ticket_note", 0, actor_name(ctx), t->ref);
  }
  auto dir = Directory::load(ctx.svc.storage);
  if (!dir) return pipeline::render_status(ctx, dir.status());
  answer_json(ctx, 201, message_json(*added, *t, {}, *dir));
}

// PATCH /api/v1/tickets/{ref} with any of status, priority (names), group (a
// group's name, or null) and assignee (a staff e-mail, or null).
void update(RequestContext& ctx) {
  auto body = read_object(ctx, {"status", "priority", "group", "assignee"});
  if (!body) return;
  auto status = text_field(ctx, *body, "status");
  auto priority = text_field(ctx, *body, "priority");
  auto group = text_field(ctx, *body, "group", /*nullable=*/true);
  auto assignee = text_field(ctx, *body, "assignee", /*nullable=*/true);
  if (!status || !priority || !group || !assignee) return;
  storage::TicketChange change;
  if (status->present) {
    change.status = storage::parse_ticket_status(status->value);
    if (!change.status) return answer_api_error(ctx, 422, "status must be open, pending, resolved or closed");
  }
  if (priority->present) {
    change.priority = storage::parse_ticket_priority(priority->value);
    if (!change.priority) return answer_api_error(ctx, 422, "priority must be low, normal, high or urgent");
  }
  auto t = find_ticket(ctx);
  if (!t) return;
  if (group->present) {
    if (group->null) {
      change.group_id = std::optional<int64_t>();
    } else {
      auto groups = ctx.svc.storage.desk().list_groups();
      if (!groups) return pipeline::render_status(ctx, groups.status());
      for (const auto& g : *groups) {
        if (http::iequals(g.name, group->value)) change.group_id = std::optional<int64_t>(g.id);
      }
      if (!change.group_id) return answer_api_error(ctx, 422, "no group has this name");
    }
  }
  if (assignee->present) {
    if (assignee->null) {
      change.assignee_id = std::optional<int64_t>();
    } else {
      auto person = ctx.svc.storage.people().find_by_email(accounts::normalized_email(assignee->value));
      if (!person && person.status().code() != Code::kNotFound) return pipeline::render_status(ctx, person.status());
      if (!person || person->disabled || person->role == storage::Role::kUser) {
        return answer_api_error(ctx, 422, "the assignee must be an active agent or admin");
      }
      change.assignee_id = std::optional<int64_t>(person->id);
    }
  }
  if (change.empty()) return answer_api_error(ctx, 400, "give at least one of status, priority, group, assignee");
  Result<int64_t> changed = ctx.svc.storage.tickets().update({t->id}, change, ctx.svc.clock.now_ms());
  if (!changed) {
    if (changed.status().code() == Code::kInvalidArgument) return answer_api_error(ctx, 422, changed.status().message());
    return pipeline::render_status(ctx, changed.status());
  }
  pipeline::audit(ctx, "api_ticket_updated", 0, actor_name(ctx), t->ref);
  auto fresh = find_ticket(ctx);
  if (fresh) answer_ticket(ctx, *fresh, 200);
}

}  // namespace

void register_ticket_routes(pipeline::App& app) {
  add_route(app, "GET", "/api/v1/tickets", ApiScope::kTicketsRead, list_tickets);
  add_route(app, "GET", "/api/v1/tickets/{ref}", ApiScope::kTicketsRead, get_ticket);
  add_route(app, "POST", "/api/v1/tickets", ApiScope::kTicketsWrite, create);
  add_route(app, "POST", "/api/v1/tickets/{ref}/messages", ApiScope::kTicketsWrite, add_message);
  add_route(app, "PATCH", "/api/v1/tickets/{ref}", ApiScope::kTicketsWrite, update);
}

}  // namespace deskd::api
