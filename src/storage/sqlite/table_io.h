#pragma once
// The SQLite side of `deskd storage copy` (storage/table_copy.h): the tables
// of one database file, read and written as text. The FTS5 index and its
// shadow tables are left out; the triggers on kb_translations rebuild it as
// rows arrive. Not thread-safe; for the copy command only.
#include <memory>

#include "storage/sqlite/database.h"
#include "storage/table_copy.h"

namespace deskd::storage::sqlite {

class SqliteTableIo final : public TableIo {
 public:
  explicit SqliteTableIo(Database& db) : db_(db) {}
  Result<std::vector<TableInfo>> tables() override;
  Result<int64_t> count(const std::string& table) override;
  Result<std::vector<TableRow>> read_all(const TableInfo& table, const std::vector<std::string>& columns) override;
  Status write_all(const std::vector<std::string>& clear, const std::vector<TableData>& data) override;

 private:
  Database& db_;
};

}  // namespace deskd::storage::sqlite
