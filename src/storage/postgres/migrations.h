#pragma once
// PostgreSQL schema migrations, embedded at build time from
// migrations/NNNN_name.sql (see migrations.cmake). Database::open applies the
// missing ones in order under an advisory lock. The numbers follow the SQLite
// migrations of the same name, so a schema change is one file in each.
#include <span>
#include <string_view>

namespace deskd::storage::postgres {

struct Migration {
  int version;            // NNNN from the file name; strictly increasing
  std::string_view name;  // file name, for errors
  std::string_view sql;   // one or more statements
};

// Every migration shipped with this binary, in version order. Static storage.
std::span<const Migration> embedded_migrations();

}  // namespace deskd::storage::postgres
