#pragma once
// The small account-side stores over PostgreSQL: settings, audit log,
// Remember-Me tokens, the e-mail outbox and password resets. Each is
// thread-safe and borrows a Database that must outlive it. Contracts are the
// ones of the SQLite stores of the same names (storage/sqlite/*_store.h),
// pinned by storage/testing/storage_conformance.h.
#include "storage/postgres/database.h"
#include "storage/audit_store.h"
#include "storage/outbox_store.h"
#include "storage/password_reset_store.h"
#include "storage/remember_store.h"
#include "storage/settings_store.h"

namespace deskd::storage::postgres {

// updated_ms comes from the Database's clock.
class PgSettingsStore final : public SettingsStore {
 public:
  explicit PgSettingsStore(Database& db) : db_(db) {}

  Result<std::map<std::string, std::string>> load_all() override;
  Status put(std::string_view key, std::string_view value) override;
  Status put_if_absent(std::string_view key, std::string_view value) override;

 private:
  Status insert(std::string_view sql, std::string_view key, std::string_view value);

  Database& db_;
};

// append() ignores event.id; list() matches since_ms <= at_ms < until_ms,
// newest first (ties by id, newest first); InvalidArgument for a limit below 1.
class PgAuditStore final : public AuditStore {
 public:
  explicit PgAuditStore(Database& db) : db_(db) {}

  Status append(const AuditEvent& event) override;
  Result<std::vector<AuditEvent>> list(const AuditFilter& filter) override;

 private:
  Database& db_;
};

// rotate() is one conditional UPDATE (compare-and-swap on validator_hash).
// Under READ COMMITTED a racing UPDATE of the same row waits for the first to
// commit and then re-checks its WHERE clause against the new row, so of
// several rotations with the same expected hash, on any number of nodes,
// exactly one wins and the others get Conflict.
class PgRememberStore final : public RememberStore {
 public:
  explicit PgRememberStore(Database& db) : db_(db) {}

  Status insert(RememberToken& token) override;
  Result<RememberToken> find_by_selector(std::string_view selector) override;
  Status rotate(int64_t id, std::string_view expected_hash, std::string_view new_hash, int64_t now_ms) override;
  Status remove(int64_t id) override;
  Result<size_t> remove_by_person(int64_t person_id) override;
  Result<size_t> remove_expired(int64_t now_ms) override;
  Result<std::vector<RememberToken>> list_by_person(int64_t person_id) override;
  Result<std::vector<RememberToken>> list_all(int limit, int offset) override;

 private:
  Result<size_t> delete_many(std::string_view sql, const Binder& bind);

  Database& db_;
};

class PgOutboxStore final : public OutboxStore {
 public:
  explicit PgOutboxStore(Database& db) : db_(db) {}

  Status enqueue(OutboxMail& mail) override;
  Result<std::vector<OutboxMail>> pending(int limit) override;
  Result<std::vector<OutboxMail>> pending_below(int max_attempts, int limit) override;
  Status mark_sent(int64_t id, int64_t sent_ms) override;
  Status mark_failed(int64_t id, std::string_view error) override;
  Result<std::vector<OutboxMail>> recent(int limit) override;

 private:
  Database& db_;
};

// mark_used() is a conditional UPDATE (... AND used_ms = 0), exact under races
// as PgRememberStore::rotate.
class PgPasswordResetStore final : public PasswordResetStore {
 public:
  explicit PgPasswordResetStore(Database& db) : db_(db) {}

  Status insert(PasswordReset& reset) override;
  Result<PasswordReset> find_by_hash(std::string_view token_hash) override;
  Status mark_used(int64_t id, int64_t used_ms) override;
  Result<size_t> remove_by_person(int64_t person_id, int64_t keep_id) override;

 private:
  Database& db_;
};

}  // namespace deskd::storage::postgres
