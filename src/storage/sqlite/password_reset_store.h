#pragma once
#include "storage/sqlite/database.h"
#include "storage/password_reset_store.h"

namespace deskd::storage::sqlite {

// PasswordResetStore over the `password_resets` table. Thread-safe; `db` must
// outlive the store.
//  - insert: InvalidArgument for an empty token hash or a person that does not
//    exist; Conflict when the token hash exists.
//  - mark_used: one conditional UPDATE (... WHERE id = ? AND used_ms = 0), so of
//    several racing uses exactly one wins; InvalidArgument for used_ms <= 0.
//  - resets die with their person (ON DELETE CASCADE).
class SqlitePasswordResetStore final : public PasswordResetStore {
 public:
  explicit SqlitePasswordResetStore(Database& db) : db_(db) {}

  Status insert(PasswordReset& reset) override;
  Result<PasswordReset> find_by_hash(std::string_view token_hash) override;
  Status mark_used(int64_t id, int64_t used_ms) override;
  Result<size_t> remove_by_person(int64_t person_id, int64_t keep_id) override;

 private:
  Database& db_;
};

}  // namespace deskd::storage::sqlite
