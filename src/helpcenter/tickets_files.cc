#include "helpcenter/tickets_files.h"

#include "accounts/hygiene.h"
#include "attachments/download.h"
#include "attachments/upload.h"
#include "helpcenter/tickets_render.h"
#include "http/form.h"
#include "pipeline/app.h"

namespace deskd::helpcenter {

bool files_were_sent(const pipeline::RequestContext& ctx) {
  for (const auto& f : ctx.files)
    if (!f.filename.empty()) return true;
  return false;
}

std::optional<std::vector<storage::NewAttachment>> uploads_or_refuse(
    pipeline::RequestContext& ctx, const std::function<void(const std::string& error_text)>& refuse) {
  attachments::Uploads uploads = attachments::collect_uploads(ctx.files, ctx.settings->attachment_max_bytes);
  if (!uploads.too_large.empty()) {
    refuse(attachment_too_large_text(ctx, uploads.too_large));
    return std::nullopt;
  }
  return std::move(uploads.items);
}

bool attach(pipeline::RequestContext& ctx, int64_t message_id, const std::vector<storage::NewAttachment>& items,
            std::vector<storage::Attachment>* stored) {
  if (items.empty()) return true;
  Result<std::vector<storage::Attachment>> added =
      ctx.svc.storage.attachments().add(message_id, items, ctx.svc.clock.now_ms());
  if (added.is_ok()) {
    if (stored) *stored = std::move(*added);
    return true;
  }
  pipeline::render_status(ctx, added.status());
  return false;
}

void answer_attachment(pipeline::RequestContext& ctx, const storage::Ticket& ticket) {
  const std::optional<int64_t> id = http::parse_positive_id(accounts::path_param(ctx, "id"));
  if (!id) {
    pipeline::render_error(ctx, 404);
    return;
  }
  Result<storage::Attachment> found = ctx.svc.storage.attachments().find(*id);
  if (!found && found.status().code() != Code::kNotFound) {
    pipeline::render_status(ctx, found.status());
    return;
  }
  if (!found || found->ticket_id != ticket.id) {
    pipeline::render_error(ctx, 404);
    return;
  }
  Result<http::Response> download = attachments::download_response(ctx.svc.storage.attachments(), *found);
  if (!download) {
    pipeline::render_status(ctx, download.status());
    return;
  }
  ctx.res = std::move(*download);
}

}  // namespace deskd::helpcenter
