#include "pipeline/audit.h"

#include <spdlog/spdlog.h>

namespace deskd::pipeline {

void audit(RequestContext& ctx, std::string_view event, int64_t person_id, std::string_view email,
           std::string_view detail) {
  storage::AuditEvent e;
  e.at_ms = ctx.svc.clock.now_ms();
  e.event = std::string(event);
  e.person_id = person_id;
  e.email = std::string(email.substr(0, 254));
  e.ip = ctx.client_ip;
  e.detail = std::string(detail);
  if (Status s = ctx.svc.storage.audit().append(e); !s.is_ok()) {
    spdlog::error("audit {} not written: {}", event, s.to_string());
  }
}

}  // namespace deskd::pipeline
