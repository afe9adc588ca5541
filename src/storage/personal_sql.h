#pragma once
// Backend-neutral SQL for the personal-data handlers (storage/personal/): the
// privacy export, erase and retention prune walk tables that every feature
// owns, so each feature registers a handler written once in the SQL subset
// SQLite and PostgreSQL share, run here by whichever backend is configured.
//
// Placeholders are written ?1, ?2, ... (numbered, 1-based into the parameter
// list). A statement may mention only some of the list: the backends renumber
// the ones it mentions densely (SQLite ?1.., PostgreSQL $1..) and bind only
// those, so one parameter list serves every statement of a handler.
//
// Threading: read()/write() block (disk, network); call them from a worker
// thread. The PersonalSql handed to `fn` belongs to that call only.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace deskd::storage {

using SqlParam = std::variant<int64_t, std::string>;
using SqlParams = std::vector<SqlParam>;

// The current row of a query. NULL reads as 0 / "".
class SqlRow {
 public:
  virtual ~SqlRow() = default;
  virtual int64_t integer(int column) const = 0;
  virtual std::string text(int column) const = 0;
};

class PersonalSql {
 public:
  virtual ~PersonalSql() = default;
  // Runs a query; `on_row` is called for every row and its failure ends the call.
  virtual Status each_row(std::string_view sql, const SqlParams& params,
                          const std::function<Status(const SqlRow&)>& on_row) = 0;
  // Runs an INSERT/UPDATE/DELETE; returns how many rows it changed.
  virtual Result<int64_t> run(std::string_view sql, const SqlParams& params) = 0;
};

class PersonalSqlAccess {
 public:
  virtual ~PersonalSqlAccess() = default;
  // Each statement on its own (no transaction spanning them).
  virtual Status read(const std::function<Status(PersonalSql&)>& fn) = 0;
  // All of fn's statements in one transaction; rolled back when fn fails.
  virtual Status write(const std::function<Status(PersonalSql&)>& fn) = 0;
};

// A statement with its ?N placeholders renumbered densely for a backend.
struct NumberedSql {
  std::string text;          // placeholders as <prefix>1, <prefix>2, ...
  std::vector<int> sources;  // sources[i] = the N (1-based) of placeholder i + 1
};
// Renumbers every ?N outside '...' literals; `prefix` is '?' (SQLite) or '$'
// (PostgreSQL).
NumberedSql number_parameters(std::string_view sql, char prefix);

}  // namespace deskd::storage
