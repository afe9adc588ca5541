#pragma once
// Webhooks (SPEC §12): the endpoints admins configure and the durable
// deliveries of events to them. Times are Unix milliseconds.
//
// Events are not written through this interface: database triggers (migration
// 0017 of both backends) add one pending delivery per enabled, subscribed
// webhook in the same transaction as the ticket, reply, update, chat or
// comment that caused it, so every write path emits them (docs/webhooks.md).
//
// Threading: every call may block; call from worker threads. Implementations
// are thread-safe; claim_due lets exactly one of several nodes (or threads)
// take a due delivery.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace deskd::storage {

// Every event a webhook may subscribe to, in display order.
inline constexpr std::string_view kWebhookEvents[] = {"ticket.created", "ticket.replied",  "ticket.updated",
                                                      "chat.started",   "chat.ended",      "comment.created"};
bool is_webhook_event(std::string_view name);

// Why a webhook is disabled: not at all, by an admin, or automatically after
// too many failed deliveries in a row.
enum class WebhookDisabled { kNo, kByAdmin, kByFailures };

struct Webhook {
  int64_t id = 0;
  std::string url;
  std::vector<std::string> events;  // subset of kWebhookEvents, in that order
  std::string secret;               // HMAC key; a signer needs it, so it is kept as is
  bool enabled = true;
  int64_t created_ms = 0;
  int64_t consecutive_failures = 0;  // failed attempts since the last success
  WebhookDisabled disabled = WebhookDisabled::kNo;
  int64_t disabled_ms = 0;
};

struct WebhookSpec {
  std::string url;
  std::vector<std::string> events;
  std::string secret;
};

enum class DeliveryStatus { kPending, kDelivered, kFailed };
const char* delivery_status_name(DeliveryStatus status);  // "pending" | "delivered" | "failed"

struct WebhookDelivery {
  int64_t id = 0;
  int64_t webhook_id = 0;
  std::string event_id;  // "evt_" + 32 hex; the same on every attempt (receiver de-duplication)
  std::string event;     // one of kWebhookEvents
  std::string data;      // a JSON object: the snapshot taken when the event happened
  int64_t created_ms = 0;
  DeliveryStatus status = DeliveryStatus::kPending;
  int64_t attempts = 0;
  int64_t next_try_ms = 0;
  int64_t last_http_status = 0;  // of the last attempt; 0 = no HTTP answer
  std::string last_error;
  int64_t finished_ms = 0;  // delivered or given up; 0 while pending
};

// A claimed delivery with what the sender needs from its webhook.
struct DueDelivery {
  WebhookDelivery delivery;
  std::string url;
  std::string secret;
};

// What one failed attempt does to the delivery.
struct DeliveryFailure {
  int64_t http_status = 0;  // 0 = no HTTP answer (refused address, timeout, ...)
  std::string error;        // short and readable; shown in the admin delivery log
  std::optional<int64_t> retry_at_ms;  // nullopt = give up (status failed)
  int64_t now_ms = 0;
  int64_t disable_after = 0;  // consecutive failures that disable the webhook; 0 = never
};

// Contract (pinned by storage/testing/webhook_conformance.h):
//  - create/update: InvalidArgument for an empty url, no events, an unknown
//    event or an empty secret; events are stored de-duplicated in
//    kWebhookEvents order. update with secret nullopt keeps the secret.
//    NotFound for an unknown id (update, set_enabled, remove).
//  - set_enabled(true) clears consecutive_failures and the disabled reason;
//    set_enabled(false) records kByAdmin and now_ms. Disabling keeps pending
//    deliveries (they wait, and are sent when it is enabled again).
//  - remove deletes the webhook and its deliveries.
//  - claim_due: pending deliveries of enabled webhooks with next_try_ms <=
//    now_ms that no one holds, oldest due first, at most `limit`; each is held
//    until now_ms + lease_ms by a conditional update, so a delivery is handed
//    to one caller only, also across nodes and with several callers at once.
//  - record_success: delivered, attempts + 1, finished_ms, the webhook's
//    consecutive_failures = 0. record_failure: attempts + 1, last error and
//    HTTP status; pending again at retry_at_ms or failed (finished) when
//    retry_at_ms is nullopt; the webhook's consecutive_failures + 1, and when
//    it reaches disable_after (> 0) on an enabled webhook the webhook is
//    disabled (kByFailures, now_ms) and the call returns true — exactly once.
//    Both release the claim; NotFound for an unknown delivery.
//  - deliveries: one webhook's, newest first, at most `limit`.
//  - prune_finished: removes delivered and failed deliveries that finished
//    before before_ms; returns how many.
class WebhookStore {
 public:
  virtual ~WebhookStore() = default;
  virtual Result<Webhook> create(const WebhookSpec& spec, int64_t now_ms) = 0;
  virtual Result<Webhook> find(int64_t id) = 0;
  virtual Result<std::vector<Webhook>> list() = 0;  // oldest first
  virtual Status update(int64_t id, std::string_view url, const std::vector<std::string>& events,
                        const std::optional<std::string>& secret) = 0;
  virtual Status set_enabled(int64_t id, bool enabled, int64_t now_ms) = 0;
  virtual Status remove(int64_t id) = 0;

  virtual Result<std::vector<DueDelivery>> claim_due(int64_t now_ms, int64_t lease_ms, int limit) = 0;
  virtual Status record_success(int64_t delivery_id, int64_t http_status, int64_t now_ms) = 0;
  virtual Result<bool> record_failure(int64_t delivery_id, const DeliveryFailure& failure) = 0;
  virtual Result<std::vector<WebhookDelivery>> deliveries(int64_t webhook_id, int limit) = 0;
  virtual Result<int64_t> prune_finished(int64_t before_ms) = 0;
};

// Shared by both backends: the stored form of an event list
// (" a b ", kWebhookEvents order) and back. InvalidArgument for an empty list
// or an unknown name.
Result<std::string> webhook_events_column(const std::vector<std::string>& events);
std::vector<std::string> webhook_events_from_column(std::string_view column);
const char* webhook_disabled_column(WebhookDisabled disabled);  // "" | "admin" | "failures"
WebhookDisabled webhook_disabled_from_column(std::string_view column);
std::optional<DeliveryStatus> parse_delivery_status(std::string_view name);

}  // namespace deskd::storage
