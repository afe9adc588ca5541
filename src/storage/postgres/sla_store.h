#pragma once
#include "storage/notify_store.h"
#include "storage/sla_store.h"
#include "storage/postgres/database.h"

namespace deskd::storage::postgres {

// The SLA policy stored on `c` (tables of migration 0018), for the ticket
// writes that set due times inside their own transaction.
Result<SlaPolicy> load_sla_policy(Connection& c);
// Sets ticket `ticket_id`'s due times from `policy` and re-arms its breach
// notifications. Inside a transaction the caller holds on `c`.
Status write_sla_due(Connection& c, const SlaPolicy& policy, int64_t ticket_id, TicketPriority priority,
                     int64_t created_ms);

// SlaStore and NotifyStore over the tables of migration 0018. Thread-safe;
// `db` must outlive them. Contracts: storage/sla_store.h, storage/notify_store.h.
class PgSlaStore final : public SlaStore {
 public:
  explicit PgSlaStore(Database& db) : db_(db) {}
  Result<SlaPolicy> policy() override;
  Status save_policy(const SlaPolicy& policy) override;
  Result<std::vector<SlaBreach>> claim_breaches(int64_t now_ms, int limit) override;
  Result<std::vector<int64_t>> breaches(int64_t from_ms, int64_t to_ms, int64_t now_ms) override;

 private:
  Database& db_;
};

class PgNotifyStore final : public NotifyStore {
 public:
  explicit PgNotifyStore(Database& db) : db_(db) {}
  Result<std::vector<DeskEvent>> claim_events(int limit) override;
  Result<bool> email_enabled(int64_t person_id) override;
  Status set_email_enabled(int64_t person_id, bool enabled) override;

 private:
  Database& db_;
};

}  // namespace deskd::storage::postgres
