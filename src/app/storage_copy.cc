#include "app/storage_copy.h"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <variant>

#include "core/clock.h"
#include "storage/postgres/database.h"
#include "storage/postgres/pg_storage.h"
#include "storage/postgres/table_io.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/sqlite_storage.h"
#include "storage/sqlite/table_io.h"

namespace deskd::app {
namespace {

// One side of the copy: its database (migrated on open) and its tables.
struct Side {
  std::unique_ptr<storage::sqlite::Database> sqlite;
  std::unique_ptr<storage::postgres::Database> postgres;
  std::unique_ptr<storage::TableIo> io;
};

Result<Side> open_side(const std::string& option, const std::string& url, bool must_exist, const Clock& clock) {
  Side side;
  if (url.starts_with("sqlite:")) {
    const std::string path = url.substr(7);
    if (path.empty()) return invalid_argument(option + ": sqlite:///PATH needs a path");
    std::error_code ec;
    if (must_exist && !std::filesystem::exists(path, ec))
      return invalid_argument(option + ": no SQLite database at " + path);
    auto db = storage::sqlite::open_database(path, clock);
    if (!db.is_ok()) return Status(db.status().code(), option + ": " + db.status().message());
    side.sqlite = std::move(*db);
    side.io = std::make_unique<storage::sqlite::SqliteTableIo>(*side.sqlite);
  } else if (storage::postgres::is_postgres_url(url)) {
    auto db = storage::postgres::Database::open(url, clock);
    if (!db.is_ok()) return Status(db.status().code(), option + ": " + db.status().message());
    side.postgres = std::move(*db);
    side.io = std::make_unique<storage::postgres::PgTableIo>(*side.postgres);
  } else {
    return invalid_argument(option + " must be sqlite:///PATH or postgresql://USER:PASS@HOST:PORT/DB, not '" +
                            storage::postgres::redact_url(url) + "'");
  }
  return side;
}

}  // namespace

int storage_copy(const StorageCopyOptions& opts) {
  SystemClock clock;
  if (opts.from == opts.to) {
    std::fprintf(stderr, "deskd: storage copy: --from and --to name the same database\n");
    return 1;
  }
  auto from = open_side("--from", opts.from, /*must_exist=*/true, clock);
  if (!from.is_ok()) {
    std::fprintf(stderr, "deskd: storage copy: %s\n", from.status().message().c_str());
    return 1;
  }
  auto to = open_side("--to", opts.to, /*must_exist=*/false, clock);
  if (!to.is_ok()) {
    std::fprintf(stderr, "deskd: storage copy: %s\n", to.status().message().c_str());
    return 1;
  }
  auto copied = storage::copy_tables(*from->io, *to->io);
  if (!copied.is_ok()) {
    std::fprintf(stderr, "deskd: storage copy: %s\n", copied.status().message().c_str());
    return 1;
  }
  int64_t rows = 0;
  for (const auto& t : *copied) {
    std::printf("%-24s %10lld rows copied, %10lld counted in the destination\n", t.table.c_str(),
                static_cast<long long>(t.source_rows), static_cast<long long>(t.destination_rows));
    rows += t.destination_rows;
  }
  std::printf("copied %zu tables, %lld rows; every table's row count matches\n", copied->size(),
              static_cast<long long>(rows));
  return 0;
}

}  // namespace deskd::app
