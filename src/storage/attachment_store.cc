#include "storage/attachment_store.h"

namespace deskd::storage {

Status check_new_attachments(const std::vector<NewAttachment>& items) {
  for (const NewAttachment& item : items) {
    if (item.filename.empty()) return invalid_argument("attachment filename is empty");
    if (item.content_type.empty()) return invalid_argument("attachment content type is empty");
  }
  return Status::ok();
}

}  // namespace deskd::storage
