#include "storage/feedback_store.h"

#include <charconv>

namespace deskd::storage {

const char* comment_status_name(CommentStatus status) {
  switch (status) {
    case CommentStatus::kPending: return "pending";
    case CommentStatus::kApproved: return "approved";
    case CommentStatus::kRejected: return "rejected";
  }
  return "pending";
}

std::optional<CommentStatus> parse_comment_status(std::string_view name) {
  if (name == "pending") return CommentStatus::kPending;
  if (name == "approved") return CommentStatus::kApproved;
  if (name == "rejected") return CommentStatus::kRejected;
  return std::nullopt;
}

int64_t person_of_key(std::string_view key) {
  if (!key.starts_with("p:")) return 0;
  key.remove_prefix(2);
  int64_t id = 0;
  const auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), id);
  return ec == std::errc() && end == key.data() + key.size() && id > 0 ? id : 0;
}

}  // namespace deskd::storage
