#include "storage/sla_store.h"

namespace deskd::storage {

SlaDue sla_due(const SlaPolicy& policy, TicketPriority priority, int64_t created_ms) {
  SlaDue due;
  auto it = policy.targets.find(priority);
  if (it == policy.targets.end()) return due;
  if (it->second.first_response_minutes) {
    if (auto at = sla::due_ms(created_ms, *it->second.first_response_minutes, policy.schedule))
      due.first_response_ms = *at;
  }
  if (it->second.resolution_minutes) {
    if (auto at = sla::due_ms(created_ms, *it->second.resolution_minutes, policy.schedule)) due.resolution_ms = *at;
  }
  return due;
}

const char* sla_metric_name(SlaMetric metric) {
  return metric == SlaMetric::kResolution ? "resolution" : "first_response";
}

Status validate_sla_policy(const SlaPolicy& policy) {
  for (const auto& [priority, target] : policy.targets) {
    for (const std::optional<int>& minutes : {target.first_response_minutes, target.resolution_minutes}) {
      if (minutes && (*minutes < 1 || *minutes > sla::kMaxTargetMinutes))
        return invalid_argument("an SLA target must be between 1 minute and a year");
    }
  }
  return sla::validate(policy.schedule);
}

}  // namespace deskd::storage
