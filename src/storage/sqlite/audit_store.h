#pragma once
#include "storage/sqlite/database.h"
#include "storage/audit_store.h"

namespace deskd::storage::sqlite {

// AuditStore over the `audit_log` table. append() ignores event.id (assigned
// by the database). list() matches since_ms <= at_ms < until_ms, newest first
// (ties by id, newest first); InvalidArgument for a limit below 1.
// Thread-safe; `db` must outlive the store.
class SqliteAuditStore final : public AuditStore {
 public:
  explicit SqliteAuditStore(Database& db) : db_(db) {}

  Status append(const AuditEvent& event) override;
  Result<std::vector<AuditEvent>> list(const AuditFilter& filter) override;

 private:
  Database& db_;
};

}  // namespace deskd::storage::sqlite
