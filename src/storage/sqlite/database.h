#pragma once
// A SQLite database file behind a small connection pool.
//
// Threading: Database is thread-safe. Each Connection is used by one thread at
// a time (it is leased exclusively through read()/write()); Statements belong
// to the Connection they were prepared on and must not outlive the lease.
// Readers run in parallel (WAL); writers are serialised by SQLite through
// BEGIN IMMEDIATE and wait up to busy_timeout (5 s).
#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "storage/sqlite/migrations.h"

namespace deskd::storage::sqlite {

// SQLITE_BUSY/LOCKED -> Unavailable, constraint violations -> Conflict,
// anything else -> Internal. `what` names the operation for the message.
Status status_from_sqlite(int rc, std::string_view what, std::string_view detail = {});

class Connection;

// A prepared statement. Cached statements are reset and unbound when the
// Statement is destroyed; uncached ones are finalised. Movable, not copyable.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, as in SQLite. Text is copied (SQLITE_TRANSIENT).
  Statement& bind(int index, int64_t value);
  Statement& bind(int index, std::string_view value);
  Statement& bind_bool(int index, bool value) { return bind(index, int64_t{value ? 1 : 0}); }
  Statement& bind_null(int index);

  // True when a row is available, false when done.
  Result<bool> step();
  // Steps to completion, ignoring any rows, then resets the statement so it
  // can be re-bound and run again (bindings are kept until re-bound).
  Status run();
  // Rewinds a partly stepped statement; bindings are kept.
  void reset();

  // Columns are 0-based. NULL reads as 0 / "".
  int64_t column_int64(int index) const;
  bool column_bool(int index) const { return column_int64(index) != 0; }
  std::string column_text(int index) const;

 private:
  friend class Connection;
  // `in_use` is the cache slot's flag (cleared on release), or null when the
  // statement is not cached and must be finalised.
  Statement(sqlite3_stmt* stmt, bool* in_use) : stmt_(stmt), in_use_(in_use) {}
  void release();
  void note_bind(int rc, int index);

  sqlite3_stmt* stmt_ = nullptr;
  bool* in_use_ = nullptr;
  Status bind_error_;  // first bind failure, reported by step()/run()
};

// One sqlite3 handle plus its prepared-statement cache. Not thread-safe.
class Connection {
 public:
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Prepares `sql` (one statement), reusing a cached handle keyed by the SQL
  // text when it is not already in use on this connection.
  Result<Statement> prepare(std::string_view sql);
  // Runs one or more statements without parameters (schema, BEGIN/COMMIT).
  Status exec(std::string_view sql);
  // Rows changed by the last INSERT/UPDATE/DELETE on this connection.
  int64_t changes() const;
  int64_t last_insert_rowid() const;

 private:
  friend class Database;
  struct CachedStatement {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  explicit Connection(sqlite3* db) : db_(db) {}
  static Result<std::unique_ptr<Connection>> open(const std::string& path);

  sqlite3* db_;
  std::unordered_map<std::string, CachedStatement> cache_;
};

class Database {
 public:
  static constexpr int kMaxConnections = 8;
  static constexpr int kBusyTimeoutMs = 5000;

  // Opens (creating if needed) the file at `path` and applies the migrations
  // not yet recorded in schema_migrations, each in its own transaction. The
  // parent directory must exist. `clock` must outlive the Database.
  static Result<std::unique_ptr<Database>> open(const std::string& path, const Clock& clock,
                                                std::span<const Migration> migrations = embedded_migrations());

  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs `fn` on a leased connection without an explicit transaction.
  Status read(const std::function<Status(Connection&)>& fn);
  // Runs `fn` inside BEGIN IMMEDIATE ... COMMIT; rolls back when fn fails.
  Status write(const std::function<Status(Connection&)>& fn);

  // Closes idle connections; later read()/write() return Unavailable and
  // leased connections are closed when returned. Idempotent.
  void close();

  const Clock& clock() const { return clock_; }

 private:
  class Lease;
  Database(std::string path, const Clock& clock) : path_(std::move(path)), clock_(clock) {}
  Result<std::unique_ptr<Connection>> acquire();
  void release(std::unique_ptr<Connection> connection);
  Status migrate(std::span<const Migration> migrations);

  const std::string path_;
  const Clock& clock_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
  int open_count_ = 0;                             // guarded by mu_
  bool closed_ = false;                            // guarded by mu_
};

// One-statement helpers shared by the stores. Each leases a connection from
// `db` for the one call (read() unless it writes), prepares `sql`, lets `bind`
// fill its parameters (a binder that does nothing is fine) and runs it; bind
// failures come back as the statement's status.
using Binder = std::function<void(Statement&)>;

// Which lease a row-reading helper takes; kWrite is for ... RETURNING.
enum class Access { kRead, kWrite };

// Calls `on_row` for every row; the first failure of step() or of on_row ends
// the call (and rolls back a kWrite lease).
Status for_each_row(Database& db, std::string_view sql, const Binder& bind,
                    const std::function<Status(const Statement&)>& on_row, Access access = Access::kRead);

// Every row, each turned into a T by `read`, in the order SQLite returns them.
template <class T>
Result<std::vector<T>> query_rows(Database& db, std::string_view sql, const Binder& bind, T (*read)(const Statement&),
                                  Access access = Access::kRead) {
  std::vector<T> rows;
  Status status = for_each_row(
      db, sql, bind,
      [&](const Statement& stmt) {
        rows.push_back(read(stmt));
        return Status::ok();
      },
      access);
  if (!status.is_ok()) return status;
  return rows;
}

// The first row turned into a T; NotFound(not_found_message) when there is none.
template <class T>
Result<T> query_one(Database& db, std::string_view sql, const Binder& bind, T (*read)(const Statement&),
                    std::string_view not_found_message) {
  std::optional<T> found;
  Status status = for_each_row(db, sql, bind, [&](const Statement& stmt) {
    if (!found) found = read(stmt);
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  if (!found) return not_found(std::string(not_found_message));
  return std::move(*found);
}

// The first column of the first row as an integer; 0 when there is no row.
Result<int64_t> query_int(Database& db, std::string_view sql, const Binder& bind);

// Runs an INSERT in write() and returns the new row's rowid.
Result<int64_t> insert_row(Database& db, std::string_view sql, const Binder& bind);

// Runs an UPDATE/DELETE in write() and returns how many rows it changed.
Result<int64_t> change_rows(Database& db, std::string_view sql, const Binder& bind);

// Runs an UPDATE/DELETE meant to hit one row in write();
// NotFound(not_found_message) when it changed none.
Status change_one(Database& db, std::string_view sql, const Binder& bind, std::string_view not_found_message);

// On a connection the caller already holds: true when `sql`, its one
// parameter bound to `id`, yields a row.
Result<bool> row_exists(Connection& c, std::string_view sql, int64_t id);

}  // namespace deskd::storage::sqlite
