#pragma once
// Files on the ticket forms of the portal and the agent desk: reading the
// repeated `attachments` field, refusing a file over
// tickets.attachment_max_bytes with the form re-rendered (what was typed
// kept), storing the files on the new message, and answering a download.
//
// Callers decide who may see the ticket first; these functions only check
// that an attachment belongs to the ticket they are given.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/context.h"
#include "storage/attachment_store.h"
#include "storage/ticket_store.h"

namespace deskd::helpcenter {

// True when the post carried at least one chosen file: a refused form then
// says the files must be chosen again (a browser never re-fills a file input).
bool files_were_sent(const pipeline::RequestContext& ctx);

// The files of the form, safe names and types; nullopt after calling
// `refuse` with the translated error text when one is over the limit (the
// caller re-renders its form with status 413).
std::optional<std::vector<storage::NewAttachment>> uploads_or_refuse(
    pipeline::RequestContext& ctx, const std::function<void(const std::string& error_text)>& refuse);

// Stores `items` on the message (the stored rows into `stored` when given).
// False after answering a storage failure (the message itself is already
// stored).
bool attach(pipeline::RequestContext& ctx, int64_t message_id, const std::vector<storage::NewAttachment>& items,
            std::vector<storage::Attachment>* stored = nullptr);

// Answers GET .../attachments/{id} of `ticket`: the bytes with
// attachments::download_response, or 404 when {id} is malformed, unknown or
// an attachment of another ticket.
void answer_attachment(pipeline::RequestContext& ctx, const storage::Ticket& ticket);

}  // namespace deskd::helpcenter
