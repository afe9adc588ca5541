#include "storage/feedback_store.h"

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

}  // namespace deskd::storage
