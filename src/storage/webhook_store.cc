#include "storage/webhook_store.h"

#include <algorithm>

namespace deskd::storage {

bool is_webhook_event(std::string_view name) {
  return std::find(std::begin(kWebhookEvents), std::end(kWebhookEvents), name) != std::end(kWebhookEvents);
}

const char* delivery_status_name(DeliveryStatus status) {
  switch (status) {
    case DeliveryStatus::kPending:
      return "pending";
    case DeliveryStatus::kDelivered:
      return "delivered";
    case DeliveryStatus::kFailed:
      return "failed";
  }
  return "pending";
}

std::optional<DeliveryStatus> parse_delivery_status(std::string_view name) {
  for (DeliveryStatus s : {DeliveryStatus::kPending, DeliveryStatus::kDelivered, DeliveryStatus::kFailed}) {
    if (name == delivery_status_name(s)) return s;
  }
  return std::nullopt;
}

Result<std::string> webhook_events_column(const std::vector<std::string>& events) {
  if (events.empty()) return invalid_argument("a webhook needs at least one event");
  for (const auto& e : events) {
    if (!is_webhook_event(e)) return invalid_argument("unknown webhook event '" + e + "'");
  }
  std::string column = " ";
  for (std::string_view known : kWebhookEvents) {
    if (std::find(events.begin(), events.end(), known) != events.end()) column.append(known).append(" ");
  }
  return column;
}

std::vector<std::string> webhook_events_from_column(std::string_view column) {
  std::vector<std::string> out;
  for (std::string_view known : kWebhookEvents) {
    const std::string needle = " " + std::string(known) + " ";
    if (column.find(needle) != std::string_view::npos) out.emplace_back(known);
  }
  return out;
}

const char* webhook_disabled_column(WebhookDisabled disabled) {
  switch (disabled) {
    case WebhookDisabled::kNo:
      return "";
    case WebhookDisabled::kByAdmin:
      return "admin";
    case WebhookDisabled::kByFailures:
      return "failures";
  }
  return "";
}

WebhookDisabled webhook_disabled_from_column(std::string_view column) {
  if (column == "admin") return WebhookDisabled::kByAdmin;
  if (column == "failures") return WebhookDisabled::kByFailures;
  return WebhookDisabled::kNo;
}

}  // namespace deskd::storage
