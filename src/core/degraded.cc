#include "core/degraded.h"

#include <spdlog/spdlog.h>

#include <array>
#include <atomic>

namespace deskd {
namespace {

struct Row {
  Degraded what;
  std::string_view name;
};

// Rows in enum order (checked below), names as /metrics shows them.
constexpr std::array<Row, kDegradedKinds> kRows = {{
    {Degraded::kRememberRevokeFailed, "remember_revoke_failed"},
    {Degraded::kSessionEndFailed, "session_end_failed"},
    {Degraded::kSessionMaintenanceFailed, "session_maintenance_failed"},
    {Degraded::kSessionDataNotSaved, "session_data_not_saved"},
    {Degraded::kResetLinksNotRevoked, "reset_links_not_revoked"},
    {Degraded::kPasswordRehashNotSaved, "password_rehash_not_saved"},
    {Degraded::kApiLastUseNotSaved, "api_last_use_not_saved"},
    {Degraded::kApiAnswerNotSaved, "api_answer_not_saved"},
    {Degraded::kMailSendFailed, "mail_send_failed"},
    {Degraded::kMailGivenUp, "mail_given_up"},
    {Degraded::kMailOutboxFailed, "mail_outbox_failed"},
    {Degraded::kPageViewsDropped, "page_views_dropped"},
    {Degraded::kWsSendQueueFull, "ws_send_queue_full"},
    {Degraded::kWsFramesRefused, "ws_frames_refused"},
    {Degraded::kRedisUnavailable, "redis_unavailable"},
    {Degraded::kClusterMessagesDropped, "cluster_messages_dropped"},
    {Degraded::kWebhookAttemptFailed, "webhook_attempt_failed"},
    {Degraded::kWebhookGivenUp, "webhook_given_up"},
    {Degraded::kWebhookStoreFailed, "webhook_store_failed"},
}};

constexpr bool rows_in_enum_order() {
  for (size_t i = 0; i < kRows.size(); ++i)
    if (static_cast<size_t>(kRows[i].what) != i || kRows[i].name.empty()) return false;
  return true;
}
static_assert(rows_in_enum_order(), "one row per Degraded value, in enum order");

std::array<std::atomic<uint64_t>, kDegradedKinds> g_counts{};

}  // namespace

std::string_view degraded_name(Degraded what) {
  const auto i = static_cast<size_t>(what);
  return i < kRows.size() ? kRows[i].name : std::string_view("unknown");
}

void count_degraded(Degraded what, uint64_t n) noexcept {
  const auto i = static_cast<size_t>(what);
  if (i < g_counts.size()) g_counts[i].fetch_add(n, std::memory_order_relaxed);
}

uint64_t degraded_count(Degraded what) noexcept {
  const auto i = static_cast<size_t>(what);
  return i < g_counts.size() ? g_counts[i].load(std::memory_order_relaxed) : 0;
}

bool ok_or_degraded(Degraded what, const Status& s, std::string_view doing) {
  if (s.is_ok()) return true;
  count_degraded(what);
  spdlog::error("{} failed ({}): {}", doing, degraded_name(what), s.to_string());
  return false;
}

std::string render_degraded_metrics() {
  std::string out =
      "# HELP deskd_degraded_total Work dropped or left unfinished while serving went on, by what "
      "(docs/operations.md).\n# TYPE deskd_degraded_total counter\n";
  for (const Row& row : kRows) {
    out += "deskd_degraded_total{what=\"";
    out += row.name;
    out += "\"} ";
    out += std::to_string(degraded_count(row.what));
    out += '\n';
  }
  return out;
}

}  // namespace deskd
