#include "attachments/download.h"

#include "attachments/names.h"

namespace deskd::attachments {

http::Response download_response(const storage::Attachment& attachment, std::string bytes) {
  http::Response res;
  const bool in_place = displays_inline(attachment.content_type, bytes);
  res.status = 200;
  // Only a verified image keeps its declared type; anything else is opaque
  // bytes, so even a browser that ignored the disposition would not render it.
  res.set_header("Content-Type", in_place ? attachment.content_type : std::string(kOctetStream));
  res.set_header("Content-Disposition", content_disposition(attachment.filename, in_place));
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Content-Security-Policy", std::string(kDownloadCsp));
  res.set_header("Cache-Control", "private, no-cache");
  res.set_header("Cross-Origin-Resource-Policy", "same-origin");
  res.set_header("X-Attachment-SHA256", attachment.sha256);
  res.body = std::move(bytes);
  return res;
}

}  // namespace deskd::attachments
