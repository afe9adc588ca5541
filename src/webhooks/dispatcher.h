#pragma once
// Delivers due webhook deliveries (storage::WebhookStore) off the I/O threads:
// one background thread claims up to `batch` due deliveries every interval
// and POSTs each, signed (webhooks/signature.h), through an HttpPoster.
//
//  - success (2xx): delivered. Anything else (no answer, refused address,
//    timeout, 3xx — redirects are not followed —, 4xx, 5xx): retried with
//    exponential backoff (base, doubling, capped) until 24 h (retry_window)
//    after the event, then marked failed (degraded counter webhook_given_up).
//  - `disable_after` failed attempts in a row (across the webhook's
//    deliveries) disable the webhook; the store reports that exactly once,
//    and the dispatcher then writes the audit row `webhook_auto_disabled`.
//  - finished deliveries older than keep_finished are pruned hourly.
//
// Several nodes may run one each: claims are exclusive (conditional update),
// and a claim expires after lease_ms, so a node that died mid-delivery only
// delays it. A delivery may thus arrive twice: receivers de-duplicate by the
// X-Deskd-Event-Id header.
//
// Thread-safe. The store, audit store, poster and clock must outlive it.
#include <cstdint>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "core/periodic_worker.h"
#include "storage/store.h"
#include "webhooks/poster.h"

namespace deskd::webhooks {

struct DispatcherOptions {
  int64_t interval_ms = 1'000;
  int batch = 20;
  int64_t lease_ms = 5 * 60'000;
  int64_t base_backoff_ms = 30'000;   // webhooks.retry_base_s
  int64_t max_backoff_ms = 3'600'000;
  int64_t retry_window_ms = 24 * 3'600'000LL;
  int64_t disable_after = 50;  // webhooks.disable_after_failures; 0 = never
  int64_t keep_finished_ms = 7 * 24 * 3'600'000LL;
};

// The JSON body of one delivery:
// {"id": event id, "type": event, "created_at": ISO 8601, "data": {...}}.
std::string delivery_body(const storage::WebhookDelivery& delivery);

class Dispatcher {
 public:
  Dispatcher(storage::WebhookStore& store, storage::AuditStore& audit, HttpPoster& poster, const Clock& clock,
             DispatcherOptions options);
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  void start();
  // Stops the thread; a delivery in flight finishes first. Idempotent.
  void stop();
  // Claims and delivers what is due now; returns how many were delivered.
  // Serialized with the background thread.
  size_t drain_once();

  int64_t backoff_ms(int64_t attempts) const;  // wait after the attempts-th failed attempt

 private:
  void deliver(const storage::DueDelivery& due, size_t& delivered);
  void prune_if_due(int64_t now_ms);

  storage::WebhookStore& store_;
  storage::AuditStore& audit_;
  HttpPoster& poster_;
  const Clock& clock_;
  const DispatcherOptions options_;
  std::mutex drain_mu_;
  int64_t last_prune_ms_ = 0;  // guarded by drain_mu_
  PeriodicWorker worker_;      // last: its thread reads the members above
};

}  // namespace deskd::webhooks
