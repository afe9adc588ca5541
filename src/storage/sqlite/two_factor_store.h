#pragma once
#include "storage/sqlite/database.h"
#include "storage/two_factor_store.h"

namespace deskd::storage::sqlite {

// TwoFactorStore over the `two_factor` and `recovery_codes` tables
// (migration 0015). Thread-safe; `db` must outlive the store. The
// compare-and-swap methods are single conditional UPDATEs, so of several
// racing requests exactly one wins. Rows die with their person.
class SqliteTwoFactorStore final : public TwoFactorStore {
 public:
  explicit SqliteTwoFactorStore(Database& db) : db_(db) {}

  Status begin(int64_t person_id, std::string_view secret, int64_t now_ms) override;
  Result<TwoFactor> find(int64_t person_id) override;
  Status confirm(int64_t person_id, int64_t step, const std::vector<std::string>& recovery_code_hashes,
                 int64_t now_ms) override;
  Status replace_recovery_codes(int64_t person_id, const std::vector<std::string>& recovery_code_hashes) override;
  Status use_step(int64_t person_id, int64_t step) override;
  Status use_recovery_code(int64_t person_id, std::string_view code_hash, int64_t now_ms) override;
  Status remove(int64_t person_id) override;

 private:
  Database& db_;
};

}  // namespace deskd::storage::sqlite
