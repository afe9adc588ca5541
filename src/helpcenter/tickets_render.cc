#include "helpcenter/tickets_render.h"

#include <cstdio>

#include "i18n/format.h"

namespace deskd::helpcenter {

std::string ticket_status_label(const pipeline::RequestContext& ctx, storage::TicketStatus status,
                                TicketViewer viewer) {
  const char* prefix = viewer == TicketViewer::kAgent ? "tickets.agent_status." : "tickets.status.";
  return ctx.t(std::string(prefix) + storage::ticket_status_name(status));
}

std::string ticket_when(std::string_view lang, int64_t unix_ms) {
  const int64_t minute_of_day = ((unix_ms / 60'000) % 1440 + 1440) % 1440;
  char hhmm[8];
  std::snprintf(hhmm, sizeof hhmm, "%02d:%02d", static_cast<int>(minute_of_day / 60),
                static_cast<int>(minute_of_day % 60));
  return i18n::format_date(lang, unix_ms) + ", " + hhmm + " UTC";
}

void add_ticket_thread(ctemplate::TemplateDictionary& dict, const pipeline::RequestContext& ctx,
                       const std::vector<storage::TicketMessage>& messages) {
  auto* thread = dict.AddIncludeDictionary("THREAD");
  thread->SetFilename("tickets_thread.tpl");
  for (const auto& m : messages) {
    auto* item = thread->AddSectionDictionary("MESSAGE");
    item->SetIntValue("ID", m.id);
    item->SetValue("KIND", storage::ticket_author_name(m.author));
    item->SetValue("AUTHOR", m.author_name);
    item->SetValue(
        "ROLE", ctx.t(m.author == storage::TicketAuthor::kAgent ? "tickets.author_agent" : "tickets.author_requester"));
    item->SetValue("WHEN", ticket_when(ctx.lang, m.created_ms));
    if (m.kind == storage::TicketMessageKind::kNote) item->ShowSection("NOTE");
    std::string_view rest = m.body;
    for (;;) {
      const size_t nl = rest.find('\n');
      auto* line = item->AddSectionDictionary("LINE");
      line->SetValue("TEXT", std::string(rest.substr(0, nl)));
      if (nl == std::string_view::npos) break;
      line->ShowSection("BREAK");
      rest.remove_prefix(nl + 1);
    }
  }
}

void fill_ticket_row(ctemplate::TemplateDictionary& row, const pipeline::RequestContext& ctx,
                     const storage::Ticket& ticket, TicketViewer viewer) {
  row.SetValue("REF", ticket.ref);
  row.SetValue("SUBJECT", ticket.subject);
  row.SetValue("STATUS", ticket_status_label(ctx, ticket.status, viewer));
  row.SetValue("STATUS_NAME", storage::ticket_status_name(ticket.status));
  row.SetValue("UPDATED", ticket_when(ctx.lang, ticket.updated_ms));
  row.SetValue("CREATED", ticket_when(ctx.lang, ticket.created_ms));
}

std::optional<int> parse_ticket_page(std::string_view raw) {
  if (raw.empty()) return 1;
  if (raw.size() > 5) return std::nullopt;
  int n = 0;
  for (char c : raw) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  if (n < 1) return std::nullopt;
  return n;
}

}  // namespace deskd::helpcenter
