#pragma once
// The PostgreSQL side of `deskd storage copy` (storage/table_copy.h): the
// tables of the current schema, read and written as text (booleans as
// "0"/"1"). kb_translations.search (a tsvector) is not copied but computed
// from the copied title and body (kb_text.h), as the store does; identity
// sequences are moved past the copied ids. Not thread-safe; for the copy
// command only.
#include <map>
#include <set>

#include "storage/postgres/database.h"
#include "storage/table_copy.h"

namespace deskd::storage::postgres {

class PgTableIo final : public TableIo {
 public:
  explicit PgTableIo(Database& db) : db_(db) {}
  Result<std::vector<TableInfo>> tables() override;
  Result<int64_t> count(const std::string& table) override;
  Result<std::vector<TableRow>> read_all(const TableInfo& table, const std::vector<std::string>& columns) override;
  Status write_all(const std::vector<std::string>& clear, const std::vector<TableData>& data) override;

 private:
  struct Columns {
    std::set<std::string> boolean;
    std::set<std::string> identity;
    std::set<std::string> search;  // tsvector columns, not copied
  };
  Database& db_;
  std::map<std::string, Columns> types_;  // filled by tables()
};

}  // namespace deskd::storage::postgres
