#include "agent/ticket_search.h"

#include "accounts/login.h"
#include "helpcenter/tickets_render.h"
#include "http/form.h"
#include "pipeline/render.h"
#include "storage/insight_store.h"

namespace deskd::agent {
namespace {

using pipeline::Area;
using pipeline::RequestContext;
using storage::TicketStatus;

const accounts::LoginArea kLogin{Area::kAgent, "/agent", "agent.login_heading"};
constexpr auto kAgentView = helpcenter::TicketViewer::kAgent;
constexpr int kPerPage = 50;

void show_search(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  const std::string_view status_raw = ctx.query.get("status");
  std::optional<TicketStatus> status;
  if (!status_raw.empty() && status_raw != "all") {
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
  std::string_view q = ctx.query.get("q");
  if (q.size() > storage::kMaxSearchInput) {  // cut on a UTF-8 character boundary
    size_t cut = storage::kMaxSearchInput;
    while (cut > 0 && (static_cast<unsigned char>(q[cut]) & 0xC0) == 0x80) --cut;
    q = q.substr(0, cut);
  }
  storage::TicketSearch search;
  search.terms = storage::ticket_search_terms(q);
  search.status = status;
  search.limit = kPerPage + 1;
  search.offset = (*page_no - 1) * kPerPage;
  Result<std::vector<storage::Ticket>> rows = ctx.svc.storage.insights().search_tickets(search);
  if (!rows) {
    pipeline::render_status(ctx, rows.status());
    return;
  }
  const bool has_next = rows->size() > kPerPage;
  if (has_next) rows->pop_back();

  pipeline::Page page(ctx, "desk_search.tpl", ctx.t("desk.search.heading"));
  auto& b = page.body();
  b.SetValue("Q", std::string(q));
  auto add_option = [&](std::string_view value, const std::string& label, bool selected) {
    auto* o = b.AddSectionDictionary("STATUS_OPTION");
    o->SetValue("VALUE", std::string(value));
    o->SetValue("LABEL", label);
    if (selected) o->ShowSection("SELECTED");
  };
  add_option("all", ctx.t("tickets.filter_all"), !status);
  for (TicketStatus s : storage::kAllTicketStatuses)
    add_option(storage::ticket_status_name(s), helpcenter::ticket_status_label(ctx, s, kAgentView), status == s);
  if (rows->empty()) b.ShowSection("EMPTY");
  auto* table = rows->empty() ? nullptr : b.AddSectionDictionary("TABLE");
  for (const auto& t : *rows) {
    auto* row = table->AddSectionDictionary("TICKET");
    helpcenter::fill_ticket_row(*row, ctx, t, kAgentView);
    row->SetValue("REQUESTER", t.requester_name);
    row->SetValue("REQUESTER_EMAIL", t.requester_email);
  }
  const std::string base = "/agent/search?q=" + http::percent_encode(q) +
                           "&status=" + (status ? storage::ticket_status_name(*status) : "all") + "&page=";
  if (*page_no > 1) b.SetValueAndShowSection("PREV_URL", base + std::to_string(*page_no - 1), "PREV");
  if (has_next) b.SetValueAndShowSection("NEXT_URL", base + std::to_string(*page_no + 1), "NEXT");
  page.finish(200);
}

}  // namespace

void register_ticket_search_routes(pipeline::App& app) {
  app.get(Area::kAgent, "/agent/search", show_search);
}

}  // namespace deskd::agent
