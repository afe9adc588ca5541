#include "webhooks/dispatcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "core/degraded.h"
#include "webhooks/signature.h"

namespace deskd::webhooks {
namespace {

constexpr int64_t kPruneEveryMs = 3'600'000;

std::string iso_time(int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return text;
}

std::string failure_text(const PostResult& r) {
  if (!r.error.empty()) return r.error.substr(0, 500);
  if (r.http_status >= 300 && r.http_status <= 399)
    return "HTTP " + std::to_string(r.http_status) + ": redirect not followed";
  return "HTTP " + std::to_string(r.http_status);
}

}  // namespace

std::string delivery_body(const storage::WebhookDelivery& delivery) {
  nlohmann::ordered_json body;
  body["id"] = delivery.event_id;
  body["type"] = delivery.event;
  body["created_at"] = iso_time(delivery.created_ms);
  nlohmann::ordered_json data = nlohmann::ordered_json::parse(delivery.data, nullptr, false);
  body["data"] = data.is_discarded() ? nlohmann::ordered_json::object() : std::move(data);
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Dispatcher::Dispatcher(storage::WebhookStore& store, storage::AuditStore& audit, HttpPoster& poster,
                       const Clock& clock, DispatcherOptions options)
    : store_(store),
      audit_(audit),
      poster_(poster),
      clock_(clock),
      options_(options),
      worker_(std::chrono::milliseconds(options.interval_ms), [this] { drain_once(); }) {}

Dispatcher::~Dispatcher() {
  stop();
}

void Dispatcher::start() {
  worker_.start();
}

void Dispatcher::stop() {
  worker_.stop();
}

int64_t Dispatcher::backoff_ms(int64_t attempts) const {
  int64_t wait = options_.base_backoff_ms;
  for (int64_t i = 1; i < attempts && wait < options_.max_backoff_ms; ++i) wait *= 2;
  return std::min(wait, options_.max_backoff_ms);
}

size_t Dispatcher::drain_once() {
  std::lock_guard lock(drain_mu_);
  const int64_t now = clock_.now_ms();
  prune_if_due(now);
  auto due = store_.claim_due(now, options_.lease_ms, options_.batch);
  if (!due.is_ok()) {
    ok_or_degraded(Degraded::kWebhookStoreFailed, due.status(), "webhooks: claiming due deliveries");
    return 0;
  }
  size_t delivered = 0;
  for (const storage::DueDelivery& d : *due) deliver(d, delivered);
  return delivered;
}

void Dispatcher::deliver(const storage::DueDelivery& due, size_t& delivered) {
  const storage::WebhookDelivery& d = due.delivery;
  const std::string body = delivery_body(d);
  const int64_t sent_ms = clock_.now_ms();
  const int64_t timestamp = sent_ms / 1000;
  PostRequest request;
  request.url = due.url;
  request.body = body;
  request.headers = {{"Content-Type", "application/json"},
                     {"X-Deskd-Event", d.event},
                     {"X-Deskd-Event-Id", d.event_id},
                     {"X-Deskd-Timestamp", std::to_string(timestamp)},
                     {"X-Deskd-Signature", signature(due.secret, timestamp, body)}};
  const PostResult result = poster_.post(request);
  const int64_t now = clock_.now_ms();
  const std::string what = "webhook delivery " + std::to_string(d.id) + " (" + d.event + " " + d.event_id + ")";
  if (result.delivered()) {
    ++delivered;
    ok_or_degraded(Degraded::kWebhookStoreFailed, store_.record_success(d.id, result.http_status, now),
                   what + " delivered, recording it");
    return;
  }
  count_degraded(Degraded::kWebhookAttemptFailed);
  storage::DeliveryFailure failure;
  failure.http_status = result.http_status;
  failure.error = failure_text(result);
  failure.now_ms = now;
  failure.disable_after = options_.disable_after;
  const int64_t attempts = d.attempts + 1;
  const int64_t deadline = d.created_ms + options_.retry_window_ms;
  if (now < deadline) failure.retry_at_ms = std::min(now + backoff_ms(attempts), deadline);
  Result<bool> disabled = store_.record_failure(d.id, failure);
  if (!disabled.is_ok()) {
    ok_or_degraded(Degraded::kWebhookStoreFailed, disabled.status(), what + " failed, recording it");
    return;
  }
  if (failure.retry_at_ms) {
    spdlog::warn("{} to {} failed (attempt {}): {}", what, due.url, attempts, failure.error);
  } else {
    count_degraded(Degraded::kWebhookGivenUp);
    spdlog::error("{} to {} given up after {} attempts: {}", what, due.url, attempts, failure.error);
  }
  if (*disabled) {
    spdlog::error("webhook {} ({}) disabled after {} failed deliveries in a row", d.webhook_id, due.url,
                  options_.disable_after);
    storage::AuditEvent event;
    event.at_ms = now;
    event.event = "webhook_auto_disabled";
    event.detail = "webhook " + std::to_string(d.webhook_id) + " " + due.url + ": disabled after " +
                   std::to_string(options_.disable_after) + " failed deliveries in a row; last: " + failure.error;
    ok_or_degraded(Degraded::kWebhookStoreFailed, audit_.append(event), "webhooks: auditing an automatic disable");
  }
}

void Dispatcher::prune_if_due(int64_t now_ms) {
  if (now_ms - last_prune_ms_ < kPruneEveryMs) return;
  last_prune_ms_ = now_ms;
  auto pruned = store_.prune_finished(now_ms - options_.keep_finished_ms);
  if (!pruned.is_ok()) {
    ok_or_degraded(Degraded::kWebhookStoreFailed, pruned.status(), "webhooks: pruning finished deliveries");
  } else if (*pruned > 0) {
    spdlog::info("webhooks: pruned {} finished deliveries", *pruned);
  }
}

}  // namespace deskd::webhooks
