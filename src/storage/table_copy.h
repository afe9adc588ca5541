#pragma once
// `deskd storage copy --from URL --to URL` (SPEC §9): moves a whole helpdesk
// between backends (SQLite → PostgreSQL for the upgrade path, and back), row
// for row, ids included, and proves it by counting every table on both sides.
//
// The copy works on tables, not on the store interfaces, so it carries every
// column each backend's migrations created (a table added later is copied
// without touching this file). Each backend exposes its tables through
// TableIo (storage/sqlite/table_io.h, storage/postgres/table_io.h): values as
// text or NULL; booleans as "0"/"1"; search indexes are not copied but
// rebuilt by the destination (SQLite: FTS triggers; PostgreSQL: the tsvector
// column) and identity sequences moved past the copied ids.
//
// The destination must be freshly migrated: only tables its migrations seed
// (settings, content_revision) may hold rows, which the copy replaces. Its
// writes run in ONE transaction: a failed copy leaves it as it was. The source
// is read table by table into memory, so the machine needs room for the
// largest table's rows; stop every deskd node first (the copy does not stop
// writers of the source).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace deskd::storage {

using CellValue = std::optional<std::string>;  // nullopt = NULL
using TableRow = std::vector<CellValue>;

struct TableInfo {
  std::string name;
  std::vector<std::string> columns;     // copied columns (search indexes excluded)
  std::vector<std::string> references;  // other tables its foreign keys point at
  std::string self_reference;           // column pointing at this table's own "id", "" if none
};

struct TableData {
  std::string table;
  std::vector<std::string> columns;
  std::vector<TableRow> rows;
};

class TableIo {
 public:
  virtual ~TableIo() = default;
  // Every table that holds helpdesk data (no migration bookkeeping, no search
  // index tables), in no particular order.
  virtual Result<std::vector<TableInfo>> tables() = 0;
  virtual Result<int64_t> count(const std::string& table) = 0;
  // Every row of `table`, the values of `columns` in that order, by ascending rowid/id when there is one.
  virtual Result<std::vector<TableRow>> read_all(const TableInfo& table, const std::vector<std::string>& columns) = 0;
  // In one transaction: deletes every row of `clear`, inserts `data` in the
  // given order (each table emptied first of rows that triggers on earlier
  // tables wrote), rebuilds search indexes and moves id sequences.
  virtual Status write_all(const std::vector<std::string>& clear, const std::vector<TableData>& data) = 0;
};

struct CopiedTable {
  std::string table;
  int64_t source_rows = 0;
  int64_t destination_rows = 0;
};

// Tables that migrations may seed with rows; a destination may hold only these.
bool is_seeded_table(const std::string& table);
// A table the destination's own triggers fill from the copied rows (the
// ticket search index: an FTS5 table on SQLite, a tsvector table on
// PostgreSQL); never copied.
bool is_derived_table(const std::string& table);

// Copies everything from `from` into `to`. FailedPrecondition-like errors
// (InvalidArgument) name what stands in the way: a destination that already
// holds a helpdesk, a table or column the destination lacks. After the write,
// every table is counted on both sides; a mismatch is an Internal error.
Result<std::vector<CopiedTable>> copy_tables(TableIo& from, TableIo& to);

// Orders tables so every table comes after the tables it references (a cycle
// other than a self-reference is InvalidArgument).
Result<std::vector<TableInfo>> dependency_order(std::vector<TableInfo> tables);
// Orders rows of a self-referencing table so a row's parent comes first.
// `id_index` and `parent_index` are column positions.
Result<std::vector<TableRow>> parents_first(std::vector<TableRow> rows, size_t id_index, size_t parent_index);

}  // namespace deskd::storage
