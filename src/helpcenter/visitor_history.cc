#include "helpcenter/visitor_history.h"

#include <spdlog/spdlog.h>

namespace deskd::helpcenter {

pipeline::Services::VisitorSignInHook attach_visitor_history(storage::Storage& storage) {
  return [&storage](std::string_view visitor, int64_t person_id) {
    if (Status s = storage.feedback().attach_visitor(visitor, person_id); !s.is_ok())
      spdlog::warn("attaching the visitor's Help Center history to person {}: {}", person_id, s.to_string());
  };
}

}  // namespace deskd::helpcenter
