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

std::string human_size(std::string_view lang, int64_t bytes) {
  if (bytes < 1024) return i18n::format_number(lang, bytes) + " bytes";
  if (bytes < 1024 * 1024) return i18n::format_number(lang, (bytes + 1023) / 1024) + " KB";
  const int64_t tenths = (bytes * 10 + 1024 * 1024 - 1) / (1024 * 1024);
  std::string out = i18n::format_number(lang, tenths / 10);
  if (tenths % 10 != 0) out += (lang == "en" ? "." : ",") + std::to_string(tenths % 10);
  return out + " MB";
}

void fill_attachment_hint(ctemplate::TemplateDictionary& dict, const pipeline::RequestContext& ctx) {
  dict.SetValue("ATTACHMENTS_HINT",
                ctx.svc.catalogs.format(ctx.lang, "tickets.attachments_hint",
                                        {{"max", human_size(ctx.lang, ctx.settings->attachment_max_bytes)}}));
}

std::string attachment_too_large_text(const pipeline::RequestContext& ctx, std::string_view filename) {
  return ctx.svc.catalogs.format(
      ctx.lang, "tickets.error.attachment_too_large",
      {{"name", std::string(filename)}, {"max", human_size(ctx.lang, ctx.settings->attachment_max_bytes)}});
}

void add_ticket_thread(ctemplate::TemplateDictionary& dict, const pipeline::RequestContext& ctx,
                       const std::vector<storage::TicketMessage>& messages,
                       const std::vector<storage::Attachment>& attachments, std::string_view attachment_url_prefix,
                       const std::map<int64_t, storage::TicketChannel>* channels) {
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
    if (channels) {
      if (auto it = channels->find(m.id); it != channels->end()) {
        const std::string name = storage::ticket_channel_name(it->second);
        auto* channel = item->AddSectionDictionary("CHANNEL");
        channel->SetValue("CHANNEL_NAME", name);
        channel->SetValue("CHANNEL_TEXT", ctx.svc.catalogs.format(ctx.lang, "tickets.channel.message",
                                                                  {{"channel", ctx.t("tickets.channel." + name)}}));
      }
    }
    std::string_view rest = m.body;
    for (;;) {
      const size_t nl = rest.find('\n');
      auto* line = item->AddSectionDictionary("LINE");
      line->SetValue("TEXT", std::string(rest.substr(0, nl)));
      if (nl == std::string_view::npos) break;
      line->ShowSection("BREAK");
      rest.remove_prefix(nl + 1);
    }
    ctemplate::TemplateDictionary* files = nullptr;
    for (const auto& a : attachments) {
      if (a.message_id != m.id) continue;
      if (!files) {
        files = item->AddSectionDictionary("ATTACHMENTS");
        files->SetValue("ATTACHMENTS_LABEL", ctx.t("tickets.attachments_label"));
      }
      auto* file = files->AddSectionDictionary("ATTACHMENT");
      file->SetValue("URL", std::string(attachment_url_prefix) + std::to_string(a.id));
      file->SetValue("NAME", a.filename);
      file->SetValue("SIZE", human_size(ctx.lang, a.size));
      file->SetValue("SHA256", a.sha256);
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
