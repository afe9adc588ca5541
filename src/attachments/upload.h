#pragma once
// Files a person attached to a form (portal new-ticket and reply forms, agent
// replies): the parts of the repeated field `attachments`, checked against
// tickets.attachment_max_bytes and turned into what the store takes.
//
// Pure functions of their arguments; thread-safe.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "http/multipart.h"
#include "storage/attachment_store.h"

namespace deskd::attachments {

inline constexpr std::string_view kFormField = "attachments";

struct Uploads {
  std::vector<storage::NewAttachment> items;  // in form order, names and types made safe
  std::string too_large;                      // safe name of the first file over the limit, "" when none
};

// The files of field kFormField in `parts` (other fields are ignored). A part
// with neither a filename nor bytes is the browser's "no file chosen" and is
// skipped; a 0-byte file with a name is kept. When any file is larger than
// `max_bytes`, `too_large` names it and `items` is empty (nothing is stored
// unless everything may be).
Uploads collect_uploads(const std::vector<http::FilePart>& parts, int64_t max_bytes);

}  // namespace deskd::attachments
