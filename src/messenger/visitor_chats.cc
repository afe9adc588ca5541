#include "messenger/visitor_chats.h"

#include <spdlog/spdlog.h>

namespace deskd::messenger {

pipeline::Services::VisitorSignInHook attach_visitor_chats(storage::Storage& storage) {
  return [&storage](std::string_view visitor, int64_t person_id) {
    if (auto s = storage.chats().attach_visitor(visitor, person_id); !s.is_ok())
      spdlog::warn("attaching the visitor's chats to person {}: {}", person_id, s.status().to_string());
  };
}

}  // namespace deskd::messenger
