#pragma once
#include "storage/postgres/database.h"
#include "storage/webhook_store.h"

namespace deskd::storage::postgres {

// WebhookStore over the `webhooks` and `webhook_deliveries` tables (migration
// 0017, whose triggers write the deliveries). Thread-safe; `db` must outlive
// the store. claim_due is one conditional UPDATE over rows locked with SKIP
// LOCKED, so of several nodes claiming at once each delivery goes to one.
class PgWebhookStore final : public WebhookStore {
 public:
  explicit PgWebhookStore(Database& db) : db_(db) {}

  Result<Webhook> create(const WebhookSpec& spec, int64_t now_ms) override;
  Result<Webhook> find(int64_t id) override;
  Result<std::vector<Webhook>> list() override;
  Status update(int64_t id, std::string_view url, const std::vector<std::string>& events,
                const std::optional<std::string>& secret) override;
  Status set_enabled(int64_t id, bool enabled, int64_t now_ms) override;
  Status remove(int64_t id) override;
  Result<std::vector<DueDelivery>> claim_due(int64_t now_ms, int64_t lease_ms, int limit) override;
  Status record_success(int64_t delivery_id, int64_t http_status, int64_t now_ms) override;
  Result<bool> record_failure(int64_t delivery_id, const DeliveryFailure& failure) override;
  Result<std::vector<WebhookDelivery>> deliveries(int64_t webhook_id, int limit) override;
  Result<int64_t> prune_finished(int64_t before_ms) override;

 private:
  Database& db_;
};

}  // namespace deskd::storage::postgres
