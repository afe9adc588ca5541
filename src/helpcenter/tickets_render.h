#pragma once
// Rendering pieces shared by the Help Center and agent ticket pages.
#include <ctemplate/template.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/context.h"
#include "storage/attachment_store.h"
#include "storage/ticket_store.h"

namespace deskd::helpcenter {

// Who reads a page: status names differ ("pending" is "Awaiting your reply"
// for the requester, "Pending" for an agent).
enum class TicketViewer { kRequester, kAgent };

// The localized name of a status (tickets.status.<name> for requesters,
// tickets.agent_status.<name> for agents).
std::string ticket_status_label(const pipeline::RequestContext& ctx, storage::TicketStatus status, TicketViewer viewer);

// A localized date with the UTC time of day: en "10 August 2023, 14:03 UTC".
std::string ticket_when(std::string_view lang, int64_t unix_ms);

// Adds the THREAD include (tickets_thread.tpl) listing `messages` oldest
// first; each body is plain text, escaped, its lines kept. Each message lists
// its `attachments` (any order; those of other messages are skipped) as links
// to `attachment_url_prefix` + id, with name and size. With `channels` (the
// agent view), each message also says how it arrived.
void add_ticket_thread(ctemplate::TemplateDictionary& dict, const pipeline::RequestContext& ctx,
                       const std::vector<storage::TicketMessage>& messages,
                       const std::vector<storage::Attachment>& attachments = {},
                       std::string_view attachment_url_prefix = {},
                       const std::map<int64_t, storage::TicketChannel>* channels = nullptr);

// A byte count for people: "512 bytes", "12 KB", "3.4 MB" (1 KB = 1024 bytes),
// digits localized.
std::string human_size(std::string_view lang, int64_t bytes);

// The attachment fields of a ticket form: the hint naming the size limit.
void fill_attachment_hint(ctemplate::TemplateDictionary& dict, const pipeline::RequestContext& ctx);

// The error text for a file over tickets.attachment_max_bytes, naming it.
std::string attachment_too_large_text(const pipeline::RequestContext& ctx, std::string_view filename);

// Fills a ticket row's dictionary: REF, SUBJECT, STATUS, STATUS_NAME, UPDATED, CREATED.
void fill_ticket_row(ctemplate::TemplateDictionary& row, const pipeline::RequestContext& ctx,
                     const storage::Ticket& ticket, TicketViewer viewer);

// A `page` query value: absent or empty is 1; 1..99999 as typed; anything
// else nullopt.
std::optional<int> parse_ticket_page(std::string_view raw);

}  // namespace deskd::helpcenter
