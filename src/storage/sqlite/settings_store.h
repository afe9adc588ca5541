#pragma once
#include "storage/sqlite/database.h"
#include "storage/settings_store.h"

namespace deskd::storage::sqlite {

// SettingsStore over the `settings` table; updated_ms comes from the
// Database's clock. Thread-safe; `db` must outlive the store.
class SqliteSettingsStore final : public SettingsStore {
 public:
  explicit SqliteSettingsStore(Database& db) : db_(db) {}

  Result<std::map<std::string, std::string>> load_all() override;
  Status put(std::string_view key, std::string_view value) override;
  Status put_if_absent(std::string_view key, std::string_view value) override;

 private:
  Status insert(std::string_view sql, std::string_view key, std::string_view value);

  Database& db_;
};

}  // namespace deskd::storage::sqlite
