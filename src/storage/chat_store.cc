#include "storage/chat_store.h"

namespace deskd::storage {

const char* chat_status_name(ChatStatus status) {
  switch (status) {
    case ChatStatus::kQueued: return "queued";
    case ChatStatus::kActive: return "active";
    case ChatStatus::kEnded: return "ended";
  }
  return "queued";
}

std::optional<ChatStatus> parse_chat_status(std::string_view name) {
  if (name == "queued") return ChatStatus::kQueued;
  if (name == "active") return ChatStatus::kActive;
  if (name == "ended") return ChatStatus::kEnded;
  return std::nullopt;
}

const char* chat_author_name(ChatAuthor author) {
  switch (author) {
    case ChatAuthor::kVisitor: return "visitor";
    case ChatAuthor::kAgent: return "agent";
    case ChatAuthor::kSystem: return "system";
  }
  return "visitor";
}

std::optional<ChatAuthor> parse_chat_author(std::string_view name) {
  if (name == "visitor") return ChatAuthor::kVisitor;
  if (name == "agent") return ChatAuthor::kAgent;
  if (name == "system") return ChatAuthor::kSystem;
  return std::nullopt;
}

}  // namespace deskd::storage
