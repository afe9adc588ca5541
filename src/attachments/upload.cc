#include "attachments/upload.h"

#include "attachments/names.h"

namespace deskd::attachments {

Uploads collect_uploads(const std::vector<http::FilePart>& parts, int64_t max_bytes) {
  Uploads out;
  for (const auto& part : parts) {
    if (part.field != kFormField) continue;
    if (part.filename.empty() && part.data.empty()) continue;
    if (static_cast<int64_t>(part.data.size()) > max_bytes) {
      out.items.clear();
      out.too_large = safe_filename(part.filename);
      return out;
    }
    storage::NewAttachment item;
    item.filename = safe_filename(part.filename);
    item.content_type = normalized_content_type(part.content_type);
    item.bytes = part.data;
    out.items.push_back(std::move(item));
  }
  return out;
}

}  // namespace deskd::attachments
