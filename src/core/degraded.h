#pragma once
// Degraded paths (STYLE.md): work the server dropped or could not finish while
// the request or job itself went on — a revoke that failed, a mail that could
// not be sent, a dropped batch, a full send queue. Each is logged where it
// happens and counted here; /metrics shows every counter, zeros included, as
//   deskd_degraded_total{what="<name>"}
// (docs/operations.md lists them). The set is this closed table, so alerts can
// rely on the names; a new degraded path adds a row.
//
// Process-wide. count_degraded() is lock-free and never blocks or allocates, so
// it may be called from any thread, I/O threads included.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace deskd {

enum class Degraded {
  kRememberRevokeFailed,      // a Remember-Me token (or all of a person's) could not be revoked
  kSessionEndFailed,          // a session (or all of a person's) could not be ended in storage
  kSessionMaintenanceFailed,  // flushing last_seen touches or sweeping expired sessions failed
  kSessionDataNotSaved,       // a session's data (flash, form state) could not be stored
  kResetLinksNotRevoked,      // other password-reset links of a person could not be deleted
  kPasswordRehashNotSaved,    // a password hash upgraded at login could not be stored
  kApiLastUseNotSaved,        // an API key's last use could not be recorded
  kApiAnswerNotSaved,         // an Idempotency-Key answer could not be stored or released
  kMailSendFailed,            // one attempt to send a mail failed (it is retried)
  kMailGivenUp,               // a mail failed every attempt and stays unsent in the outbox
  kMailOutboxFailed,          // reading the outbox or marking a mail sent/failed failed
  kPageViewsDropped,          // page views dropped (writer queue full, stopped, or batch failed)
  kWsSendQueueFull,           // a WebSocket client could not keep up and was closed (1008)
  kWsFramesRefused,           // a WebSocket client sent frames faster than they could run (1008)
  kRedisUnavailable,          // a Redis connection was lost or could not be made (cluster messages wait, polling covers)
  kClusterMessagesDropped,    // cluster messages not sent (Redis down or the send queue full) or unreadable ones received
  kWebhookAttemptFailed,      // one attempt to deliver a webhook event failed (it is retried)
  kWebhookGivenUp,            // a webhook delivery failed for 24 h and is marked failed
  kWebhookStoreFailed,        // claiming webhook deliveries or recording their outcome failed
};
inline constexpr size_t kDegradedKinds = static_cast<size_t>(Degraded::kWebhookStoreFailed) + 1;

// The label value, e.g. "remember_revoke_failed".
std::string_view degraded_name(Degraded what);

void count_degraded(Degraded what, uint64_t n = 1) noexcept;
uint64_t degraded_count(Degraded what) noexcept;

// For a Status that reports a degraded path: when `s` failed, logs
// "<doing> failed (<name>): <status>" at error level and counts `what`.
// Returns s.is_ok().
// Use it instead of discarding a Status with (void).
bool ok_or_degraded(Degraded what, const Status& s, std::string_view doing);

// The family in the Prometheus text format (HELP, TYPE counter, one line per name).
std::string render_degraded_metrics();

}  // namespace deskd
