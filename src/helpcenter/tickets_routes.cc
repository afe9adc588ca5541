#include "helpcenter/tickets_routes.h"

#include <algorithm>

#include "accounts/fields.h"
#include "accounts/hygiene.h"
#include "core/crypto.h"
#include "helpcenter/tickets.h"
#include "helpcenter/tickets_access.h"
#include "helpcenter/tickets_files.h"
#include "helpcenter/tickets_ref.h"
#include "helpcenter/tickets_render.h"
#include "http/form.h"
#include "pipeline/rate_limited.h"
#include "pipeline/render.h"

namespace deskd::helpcenter {
namespace {

using pipeline::Area;
using pipeline::RequestContext;

constexpr size_t kTicketFormBodyLimit = 256 * 1024;  // 20000 characters of any script, urlencoded
constexpr int kPerPage = 25;

// What the person typed, cut to a size the page can echo safely.
std::string typed(const RequestContext& ctx, std::string_view field, size_t max_chars) {
  return std::string(ctx.form.get(field).substr(0, max_chars * 4 + 16));
}

std::string_view ref_param(const RequestContext& ctx) {
  return accounts::path_param(ctx, "ref");
}

// Portal paths keep the language prefix the person arrived with (/da/...).
std::string localized(const RequestContext& ctx, std::string_view path) {
  return (ctx.lang_from_prefix ? "/" + ctx.lang : std::string()) + std::string(path);
}

// The ticket named by {ref} if this browser may see it; otherwise renders the
// 404 page (the same for unknown refs and for tickets of others).
std::optional<storage::Ticket> visible_ticket(RequestContext& ctx) {
  const std::string_view ref = ref_param(ctx);
  if (well_formed_ticket_ref(ref)) {
    Result<storage::Ticket> t = ctx.svc.storage.tickets().find_by_ref(ref);
    if (t.is_ok() && may_view_ticket(ctx, *t)) return std::move(*t);
    if (!t.is_ok() && t.status().code() != Code::kNotFound) {
      pipeline::render_status(ctx, t.status());
      return std::nullopt;
    }
  }
  pipeline::render_error(ctx, 404);
  return std::nullopt;
}

// ---- /new-ticket ----

// `error_text` is already translated ("" = none).
void render_new_form(RequestContext& ctx, std::string_view notice_key, std::string_view error_text, int status) {
  pipeline::Page page(ctx, "tickets_new.tpl", ctx.t("tickets.new_heading"));
  auto& b = page.body();
  b.SetValue("CSRF", ctx.csrf_token());
  b.SetValue("ACTION", localized(ctx, "/new-ticket"));
  b.SetValue("SUGGEST_URL", localized(ctx, "/new-ticket/suggest"));
  b.SetValue("SUGGEST_SCRIPT_URL", ctx.svc.static_files.url("ticket-deflect.js"));
  const bool typed_anything = !ctx.form.fields.empty();
  std::string name = typed(ctx, "name", kMaxTicketName);
  std::string email = typed(ctx, "email", accounts::kMaxEmail);
  if (ctx.person) {
    if (!typed_anything) name = ctx.person->name;
    email = ctx.person->email;
    b.ShowSection("SIGNED_IN_EMAIL");
  }
  b.SetValue("NAME", name);
  b.SetValue("EMAIL", email);
  b.SetValue("SUBJECT", typed(ctx, "subject", kMaxTicketSubject));
  b.SetValue("MESSAGE", typed(ctx, "message", kMaxTicketMessage));
  fill_attachment_hint(b, ctx);
  if (!notice_key.empty()) b.SetValueAndShowSection("NOTICE_TEXT", ctx.t(notice_key), "NOTICE");
  if (!error_text.empty()) b.SetValueAndShowSection("ERROR_TEXT", std::string(error_text), "ERROR");
  if (status >= 400 && files_were_sent(ctx))
    b.SetValueAndShowSection("FILES_LOST_TEXT", ctx.t("tickets.error.attachments_lost"), "FILES_LOST");
  page.finish(status);
}

void show_new(RequestContext& ctx) {
  render_new_form(ctx, {}, {}, 200);
}

void do_new(RequestContext& ctx) {
  NewTicketInput in;
  in.name = std::string(ctx.form.get("name"));
  in.email = ctx.person ? ctx.person->email : std::string(ctx.form.get("email"));
  in.subject = std::string(ctx.form.get("subject"));
  in.message = std::string(ctx.form.get("message"));
  if (ctx.person) in.person_id = ctx.person->id;
  in.lang = ctx.lang;
  in.visitor_id = ctx.visitor;
  in.origin = ctx.public_origin;
  // Mistakes cost nothing; each ticket (and its confirmation mail) counts
  // against the address's ticket limit, shared with the Messenger's offline form.
  if (std::string_view problem = ticket_input_problem(in); !problem.empty()) {
    render_new_form(ctx, {}, ctx.t(problem), 400);
    return;
  }
  auto uploads = uploads_or_refuse(ctx, [&](const std::string& text) { render_new_form(ctx, {}, text, 413); });
  if (!uploads) return;
  if (auto refused = pipeline::refused_by(ctx, ctx.svc.rate_limits.tickets)) {
    render_new_form(ctx, {}, *refused, 429);
    return;
  }
  Result<storage::Ticket> created = create_ticket(ctx.svc, in);
  if (!created) {
    if (created.status().code() == Code::kInvalidArgument) {
      render_new_form(ctx, {}, ctx.t(created.status().message()), 400);
    } else {
      pipeline::render_status(ctx, created.status());
    }
    return;
  }
  if (!uploads->empty()) {
    Result<std::vector<storage::TicketMessage>> first = ctx.svc.storage.tickets().messages(created->id);
    if (!first || first->empty()) {
      pipeline::render_status(ctx, !first ? first.status() : internal("a new ticket has no message"));
      return;
    }
    if (!attach(ctx, first->front().id, *uploads)) return;
  }
  if (ctx.person) {
    ctx.flash("tickets.flash_created");
    ctx.redirect(localized(ctx, "/tickets/" + created->ref));
    return;
  }
  if (Status s = grant_ticket(ctx, created->ref); !s.is_ok()) {
    pipeline::render_status(ctx, s);
    return;
  }
  ctx.redirect(localized(ctx, "/tickets/" + created->ref + "/created"));
}

void show_created(RequestContext& ctx) {
  auto ticket = visible_ticket(ctx);
  if (!ticket) return;
  pipeline::Page page(ctx, "tickets_created.tpl", ctx.t("tickets.created_heading"));
  auto& b = page.body();
  b.SetValue("REF", ticket->ref);
  b.SetValue("TEXT", ctx.svc.catalogs.format(ctx.lang, "tickets.created_text",
                                             {{"ref", ticket->ref}, {"email", ticket->requester_email}}));
  page.finish(200);
}

// ---- /tickets ----

void show_list(RequestContext& ctx) {
  const std::optional<int> page_no_or = parse_ticket_page(ctx.query.get("page"));
  if (!page_no_or) {
    pipeline::render_error(ctx, 400, "tickets.error.page");
    return;
  }
  const int page_no = *page_no_or;
  std::vector<storage::Ticket> rows;
  bool has_next = false;
  if (ctx.person) {
    Result<std::vector<storage::Ticket>> mine =
        ctx.svc.storage.tickets().list_for_person(ctx.person->id, kPerPage + 1, (page_no - 1) * kPerPage);
    if (!mine) {
      pipeline::render_status(ctx, mine.status());
      return;
    }
    rows = std::move(*mine);
    has_next = rows.size() > kPerPage;
    if (has_next) rows.pop_back();
  }
  if (page_no == 1) {
    // Tickets this browser opened through access links, newest grant first.
    std::vector<std::string> refs = granted_ticket_refs(ctx);
    std::reverse(refs.begin(), refs.end());
    for (const auto& ref : refs) {
      if (std::any_of(rows.begin(), rows.end(), [&](const storage::Ticket& t) { return t.ref == ref; })) continue;
      if (Result<storage::Ticket> t = ctx.svc.storage.tickets().find_by_ref(ref); t.is_ok()) rows.push_back(*t);
    }
  }
  pipeline::Page page(ctx, "tickets_list.tpl", ctx.t("tickets.list_heading"));
  auto& b = page.body();
  if (rows.empty()) {
    b.ShowSection(ctx.person ? "EMPTY" : "EMPTY_GUEST");
  } else {
    auto* table = b.AddSectionDictionary("TABLE");
    for (const auto& t : rows)
      fill_ticket_row(*table->AddSectionDictionary("TICKET"), ctx, t, TicketViewer::kRequester);
  }
  if (page_no > 1)
    b.SetValueAndShowSection("PREV_URL", localized(ctx, "/tickets?page=" + std::to_string(page_no - 1)), "PREV");
  if (has_next)
    b.SetValueAndShowSection("NEXT_URL", localized(ctx, "/tickets?page=" + std::to_string(page_no + 1)), "NEXT");
  page.finish(200);
}

// ---- /tickets/{ref} ----

void render_ticket(RequestContext& ctx, const storage::Ticket& ticket, std::string_view notice_key,
                   std::string_view error_key, int status, std::string_view error_text = {}) {
  Result<std::vector<storage::TicketMessage>> messages = ctx.svc.storage.tickets().messages(ticket.id);
  if (!messages) {
    pipeline::render_status(ctx, messages.status());
    return;
  }
  pipeline::Page page(ctx, "tickets_view.tpl", ticket.subject);
  auto& b = page.body();
  fill_ticket_row(b, ctx, ticket, TicketViewer::kRequester);
  b.SetValue("REF_TEXT", ctx.svc.catalogs.format(ctx.lang, "tickets.reference", {{"ref", ticket.ref}}));
  Result<std::vector<storage::Attachment>> files = ctx.svc.storage.attachments().list_for_ticket(ticket.id);
  if (!files) {
    pipeline::render_status(ctx, files.status());
    return;
  }
  add_ticket_thread(b, ctx, *messages, *files, "/tickets/" + ticket.ref + "/attachments/");
  b.SetValue("CSRF", ctx.csrf_token());
  b.SetValue("REPLY_ACTION", localized(ctx, "/tickets/" + ticket.ref + "/reply"));
  b.SetValue("MESSAGE", typed(ctx, "message", kMaxTicketMessage));
  fill_attachment_hint(b, ctx);
  if (status >= 400 && files_were_sent(ctx))
    b.SetValueAndShowSection("FILES_LOST_TEXT", ctx.t("tickets.error.attachments_lost"), "FILES_LOST");
  if (ticket.status == storage::TicketStatus::kClosed || ticket.status == storage::TicketStatus::kResolved) {
    b.ShowSection("REOPENS");
  }
  if (!notice_key.empty()) b.SetValueAndShowSection("NOTICE_TEXT", ctx.t(notice_key), "NOTICE");
  if (!error_key.empty()) b.SetValueAndShowSection("ERROR_TEXT", ctx.t(error_key), "ERROR");
  if (!error_text.empty()) b.SetValueAndShowSection("ERROR_TEXT", std::string(error_text), "ERROR");
  page.finish(status);
}

// ?access=<token>: a valid token of this ticket grants this browser and
// redirects to the clean URL (the token never stays in the address bar or
// history). Any other token is treated like no access at all.
void open_access_link(RequestContext& ctx, std::string_view token) {
  const std::string_view ref = ref_param(ctx);
  if (well_formed_ticket_ref(ref) && token.size() <= 64 && base64url_decode(token).has_value()) {
    Result<storage::Ticket> t = ctx.svc.storage.tickets().find_by_access_token(hash_hex(token));
    if (t.is_ok() && t->ref == ref) {
      if (Status s = grant_ticket(ctx, ref); !s.is_ok()) {
        pipeline::render_status(ctx, s);
        return;
      }
      ctx.redirect(localized(ctx, "/tickets/" + std::string(ref)));
      return;
    }
  }
  pipeline::render_error(ctx, 404);
}

void show_ticket(RequestContext& ctx) {
  if (ctx.query.has("access")) {
    open_access_link(ctx, ctx.query.get("access"));
    return;
  }
  auto ticket = visible_ticket(ctx);
  if (!ticket) return;
  render_ticket(ctx, *ticket, {}, {}, 200);
}

void do_reply(RequestContext& ctx) {
  auto ticket = visible_ticket(ctx);
  if (!ticket) return;
  if (std::string_view problem = ticket_message_problem(ctx.form.get("message")); !problem.empty()) {
    render_ticket(ctx, *ticket, {}, problem, 400);
    return;
  }
  auto uploads = uploads_or_refuse(ctx, [&](const std::string& text) { render_ticket(ctx, *ticket, {}, {}, 413, text); });
  if (!uploads) return;
  storage::NewTicketMessage m;
  m.ticket_id = ticket->id;
  m.author = storage::TicketAuthor::kUser;
  const bool own = ctx.person && ticket->person_id && *ticket->person_id == ctx.person->id;
  if (own) m.author_id = ctx.person->id;
  m.author_name = own && !ctx.person->name.empty() ? ctx.person->name : ticket->requester_name;
  m.body = normalized_message(ctx.form.get("message"));
  m.created_ms = ctx.svc.clock.now_ms();
  Result<storage::TicketMessage> added = ctx.svc.storage.tickets().add_message(m);
  if (!added) {
    pipeline::render_status(ctx, added.status());
    return;
  }
  if (!attach(ctx, added->id, *uploads)) return;
  ctx.flash("tickets.flash_replied");
  ctx.redirect(localized(ctx, "/tickets/" + ticket->ref));
}

// CSRF/origin failure: the thread with what was typed when this browser may
// still see the ticket, else the generic resubmit page (nothing typed is lost,
// nothing about the ticket is revealed).
void rerender_reply(RequestContext& ctx, std::string_view notice, int status) {
  const std::string_view ref = ref_param(ctx);
  if (well_formed_ticket_ref(ref)) {
    Result<storage::Ticket> t = ctx.svc.storage.tickets().find_by_ref(ref);
    if (t.is_ok() && may_view_ticket(ctx, *t)) {
      render_ticket(ctx, *t, notice, {}, status);
      return;
    }
  }
  pipeline::render_resubmit(ctx, notice);
}

// ---- /tickets/{ref}/attachments/{id} ----

// The bytes of one attachment of a ticket this browser may see; tickets it
// may not see answer 404 like unknown ones.
void download_attachment(RequestContext& ctx) {
  if (auto ticket = visible_ticket(ctx)) answer_attachment(ctx, *ticket);
}

void add_form_post(pipeline::App& app, std::string pattern, pipeline::HandlerFn fn, pipeline::RerenderFn rerender) {
  pipeline::Route r;
  r.pattern = pattern;
  r.area = Area::kPortal;
  r.handle = std::move(fn);
  r.rerender = std::move(rerender);
  r.body_limit = kTicketFormBodyLimit;
  r.multipart = true;
  app.add("POST", std::move(r));
}

}  // namespace

void register_ticket_routes(pipeline::App& app) {
  app.get(Area::kPortal, "/new-ticket", show_new);
  add_form_post(app, "/new-ticket", do_new, [](RequestContext& ctx, std::string_view notice, int status) {
    render_new_form(ctx, notice, {}, status);
  });
  app.get(Area::kPortal, "/tickets", show_list);
  app.get(Area::kPortal, "/tickets/{ref}", show_ticket);
  app.get(Area::kPortal, "/tickets/{ref}/created", show_created);
  add_form_post(app, "/tickets/{ref}/reply", do_reply, rerender_reply);
  app.get(Area::kPortal, "/tickets/{ref}/attachments/{id}", download_attachment);
}

}  // namespace deskd::helpcenter
