#include "storage/postgres/webhook_store.h"

namespace deskd::storage::postgres {
namespace {

constexpr const char* kWebhookColumns =
    "id, url, events, secret, enabled, created_ms, consecutive_failures, disabled_reason, disabled_ms";
constexpr const char* kDeliveryColumns =
    "d.id, d.webhook_id, d.event_id, d.event, d.data, d.created_ms, d.status, d.attempts, d.next_try_ms, "
    "d.last_http_status, d.last_error, d.finished_ms";

Webhook read_webhook(const Statement& s) {
  Webhook w;
  w.id = s.column_int64(0);
  w.url = s.column_text(1);
  w.events = webhook_events_from_column(s.column_text(2));
  w.secret = s.column_text(3);
  w.enabled = s.column_bool(4);
  w.created_ms = s.column_int64(5);
  w.consecutive_failures = s.column_int64(6);
  w.disabled = webhook_disabled_from_column(s.column_text(7));
  w.disabled_ms = s.column_int64(8);
  return w;
}

WebhookDelivery read_delivery(const Statement& s) {
  WebhookDelivery d;
  d.id = s.column_int64(0);
  d.webhook_id = s.column_int64(1);
  d.event_id = s.column_text(2);
  d.event = s.column_text(3);
  d.data = s.column_text(4);
  d.created_ms = s.column_int64(5);
  d.status = parse_delivery_status(s.column_text(6)).value_or(DeliveryStatus::kFailed);
  d.attempts = s.column_int64(7);
  d.next_try_ms = s.column_int64(8);
  d.last_http_status = s.column_int64(9);
  d.last_error = s.column_text(10);
  d.finished_ms = s.column_int64(11);
  return d;
}

DueDelivery read_due(const Statement& s) {
  DueDelivery due;
  due.delivery = read_delivery(s);
  due.url = s.column_text(12);
  due.secret = s.column_text(13);
  return due;
}

Status check_spec(std::string_view url, std::string_view secret, bool secret_given) {
  if (url.empty()) return invalid_argument("a webhook needs a URL");
  if (secret_given && secret.empty()) return invalid_argument("a webhook needs a secret");
  return Status::ok();
}

}  // namespace

Result<Webhook> PgWebhookStore::create(const WebhookSpec& spec, int64_t now_ms) {
  if (Status s = check_spec(spec.url, spec.secret, true); !s.is_ok()) return s;
  Result<std::string> events = webhook_events_column(spec.events);
  if (!events) return events.status();
  Result<int64_t> id = insert_returning_id(
      db_, "INSERT INTO webhooks (url, events, secret, created_ms) VALUES ($1, $2, $3, $4) RETURNING id",
      [&](Statement& s) { s.bind(1, spec.url).bind(2, *events).bind(3, spec.secret).bind(4, now_ms); });
  if (!id) return id.status();
  return find(*id);
}

Result<Webhook> PgWebhookStore::find(int64_t id) {
  return query_one(
      db_, std::string("SELECT ") + kWebhookColumns + " FROM webhooks WHERE id = $1",
      [&](Statement& s) { s.bind(1, id); }, &read_webhook, "no such webhook");
}

Result<std::vector<Webhook>> PgWebhookStore::list() {
  return query_rows(
      db_, std::string("SELECT ") + kWebhookColumns + " FROM webhooks ORDER BY id", [](Statement&) {}, &read_webhook);
}

Status PgWebhookStore::update(int64_t id, std::string_view url, const std::vector<std::string>& events,
                              const std::optional<std::string>& secret) {
  if (Status s = check_spec(url, secret.value_or(""), secret.has_value()); !s.is_ok()) return s;
  Result<std::string> column = webhook_events_column(events);
  if (!column) return column.status();
  return change_one(
      db_, "UPDATE webhooks SET url = $1, events = $2, secret = coalesce($3::text, secret) WHERE id = $4",
      [&](Statement& s) {
        s.bind(1, url).bind(2, *column);
        if (secret) {
          s.bind(3, *secret);
        } else {
          s.bind_null(3);
        }
        s.bind(4, id);
      },
      "no such webhook");
}

Status PgWebhookStore::set_enabled(int64_t id, bool enabled, int64_t now_ms) {
  if (enabled) {
    return change_one(
        db_,
        "UPDATE webhooks SET enabled = TRUE, consecutive_failures = 0, disabled_reason = '', disabled_ms = 0 "
        "WHERE id = $1",
        [&](Statement& s) { s.bind(1, id); }, "no such webhook");
  }
  // Disabling an already disabled webhook keeps why and when it was disabled.
  return change_one(
      db_,
      "UPDATE webhooks SET disabled_reason = CASE WHEN enabled THEN 'admin' ELSE disabled_reason END, "
      "disabled_ms = CASE WHEN enabled THEN $1 ELSE disabled_ms END, enabled = FALSE WHERE id = $2",
      [&](Statement& s) { s.bind(1, now_ms).bind(2, id); }, "no such webhook");
}

Status PgWebhookStore::remove(int64_t id) {
  // The deliveries go with it (ON DELETE CASCADE).
  return change_one(db_, "DELETE FROM webhooks WHERE id = $1", [&](Statement& s) { s.bind(1, id); },
                    "no such webhook");
}

Result<std::vector<DueDelivery>> PgWebhookStore::claim_due(int64_t now_ms, int64_t lease_ms, int limit) {
  if (limit <= 0 || lease_ms <= 0) return invalid_argument("claim_due needs a positive limit and lease");
  // The outer WHERE repeats the conditions: a row another node claimed while
  // this statement waited for its lock is re-checked and skipped.
  Result<std::vector<int64_t>> ids = query_rows(
      db_,
      "UPDATE webhook_deliveries SET claimed_until_ms = $1 WHERE id IN ("
      "SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id "
      "WHERE d.status = 'pending' AND d.next_try_ms <= $2 AND d.claimed_until_ms <= $2 AND w.enabled "
      "ORDER BY d.next_try_ms, d.id LIMIT $3 FOR UPDATE OF d SKIP LOCKED) "
      "AND status = 'pending' AND claimed_until_ms <= $2 RETURNING id",
      [&](Statement& s) { s.bind(1, now_ms + lease_ms).bind(2, now_ms).bind(3, int64_t{limit}); },
      +[](const Statement& s) { return s.column_int64(0); });
  if (!ids) return ids.status();
  if (ids->empty()) return std::vector<DueDelivery>{};
  return query_rows(
      db_,
      std::string("SELECT ") + kDeliveryColumns +
          ", w.url, w.secret FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id "
          "WHERE d.id = ANY($1::bigint[]) ORDER BY d.next_try_ms, d.id",
      [&](Statement& s) { s.bind(1, pg_bigint_array(*ids)); }, &read_due);
}

Status PgWebhookStore::record_success(int64_t delivery_id, int64_t http_status, int64_t now_ms) {
  return db_.write([&](Connection& c) {
    Result<Statement> d = c.prepare(
        "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_http_status = $1, "
        "last_error = '', finished_ms = $2, claimed_until_ms = 0 WHERE id = $3");
    if (!d) return d.status();
    if (Status s = d->bind(1, http_status).bind(2, now_ms).bind(3, delivery_id).run(); !s.is_ok()) return s;
    if (d->changes() != 1) return not_found("no such webhook delivery");
    Result<Statement> w = c.prepare(
        "UPDATE webhooks SET consecutive_failures = 0 "
        "WHERE id = (SELECT webhook_id FROM webhook_deliveries WHERE id = $1)");
    if (!w) return w.status();
    return w->bind(1, delivery_id).run();
  });
}

Result<bool> PgWebhookStore::record_failure(int64_t delivery_id, const DeliveryFailure& f) {
  bool disabled_now = false;
  Status status = db_.write([&](Connection& c) {
    disabled_now = false;
    Result<Statement> d = c.prepare(
        "UPDATE webhook_deliveries SET status = $1, attempts = attempts + 1, last_http_status = $2, "
        "last_error = $3, next_try_ms = $4, finished_ms = $5, claimed_until_ms = 0 WHERE id = $6");
    if (!d) return d.status();
    d->bind(1, f.retry_at_ms ? "pending" : "failed")
        .bind(2, f.http_status)
        .bind(3, f.error)
        .bind(4, f.retry_at_ms.value_or(f.now_ms))
        .bind(5, f.retry_at_ms ? int64_t{0} : f.now_ms)
        .bind(6, delivery_id);
    if (Status s = d->run(); !s.is_ok()) return s;
    if (d->changes() != 1) return not_found("no such webhook delivery");
    Result<Statement> w = c.prepare(
        "UPDATE webhooks SET consecutive_failures = consecutive_failures + 1 "
        "WHERE id = (SELECT webhook_id FROM webhook_deliveries WHERE id = $1)");
    if (!w) return w.status();
    if (Status s = w->bind(1, delivery_id).run(); !s.is_ok()) return s;
    if (f.disable_after <= 0) return Status::ok();
    // The row lock taken above is held to COMMIT, so of two nodes failing at
    // once only one sees the webhook still enabled here.
    Result<Statement> off = c.prepare(
        "UPDATE webhooks SET enabled = FALSE, disabled_reason = 'failures', disabled_ms = $1 "
        "WHERE id = (SELECT webhook_id FROM webhook_deliveries WHERE id = $2) AND enabled "
        "AND consecutive_failures >= $3");
    if (!off) return off.status();
    if (Status s = off->bind(1, f.now_ms).bind(2, delivery_id).bind(3, f.disable_after).run(); !s.is_ok()) return s;
    disabled_now = off->changes() == 1;
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return disabled_now;
}

Result<std::vector<WebhookDelivery>> PgWebhookStore::deliveries(int64_t webhook_id, int limit) {
  if (limit < 0) return invalid_argument("negative limit");
  return query_rows(
      db_,
      std::string("SELECT ") + kDeliveryColumns +
          " FROM webhook_deliveries d WHERE d.webhook_id = $1 ORDER BY d.id DESC LIMIT $2",
      [&](Statement& s) { s.bind(1, webhook_id).bind(2, int64_t{limit}); }, &read_delivery);
}

Result<int64_t> PgWebhookStore::prune_finished(int64_t before_ms) {
  return change_rows(db_, "DELETE FROM webhook_deliveries WHERE status <> 'pending' AND finished_ms < $1",
                     [&](Statement& s) { s.bind(1, before_ms); });
}

}  // namespace deskd::storage::postgres
