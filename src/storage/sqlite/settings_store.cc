#include "storage/sqlite/settings_store.h"

namespace deskd::storage::sqlite {

Result<std::map<std::string, std::string>> SqliteSettingsStore::load_all() {
  std::map<std::string, std::string> settings;
  Status status = for_each_row(
      db_, "SELECT key, value FROM settings", [](Statement&) {},
      [&](const Statement& row) {
        settings.emplace(row.column_text(0), row.column_text(1));
        return Status::ok();
      });
  if (!status.is_ok()) return status;
  return settings;
}

Status SqliteSettingsStore::insert(std::string_view sql, std::string_view key, std::string_view value) {
  if (key.empty()) return invalid_argument("setting key is empty");
  return db_.write([&](Connection& c) {
    Result<Statement> stmt = c.prepare(sql);
    if (!stmt) return stmt.status();
    return stmt->bind(1, key).bind(2, value).bind(3, db_.clock().now_ms()).run();
  });
}

Status SqliteSettingsStore::put(std::string_view key, std::string_view value) {
  return insert(
      "INSERT INTO settings (key, value, updated_ms) VALUES (?, ?, ?) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_ms = excluded.updated_ms",
      key, value);
}

Status SqliteSettingsStore::put_if_absent(std::string_view key, std::string_view value) {
  return insert("INSERT INTO settings (key, value, updated_ms) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING", key,
                value);
}

}  // namespace deskd::storage::sqlite
