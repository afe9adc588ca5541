#pragma once
// A SQLite database file behind a small connection pool.
//
// Threading: Database is thread-safe. Each Connection is used by one thread at
// a time (it is leased exclusively through read()/write()); Statements belong
// to the Connection they were prepared on and must not outlive the lease.
// Readers run in parallel (WAL); writers are serialised by SQLite through
// BEGIN IMMEDIATE and wait up to busy_timeout (5 s).
//
// WAL size (docs/operations.md, "Disk"): every connection sets
// journal_size_limit, so once a checkpoint let the WAL restart, its file is cut
// back to the limit; with checkpoint_interval_ms a background thread also
// checkpoints on its own (PASSIVE, or TRUNCATE to zero bytes while the WAL is
// over the limit and no connection is leased), so a WAL grown under load
// shrinks once the load is gone even when nothing is written afterwards.
#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "storage/record_rows.h"
#include "storage/sqlite/migrations.h"

namespace deskd::storage::sqlite {

// SQLITE_BUSY/LOCKED -> Unavailable, constraint violations -> Conflict,
// anything else -> Internal. `what` names the operation for the message.
Status status_from_sqlite(int rc, std::string_view what, std::string_view detail = {});

class Connection;
struct DatabaseOptions;

// A prepared statement. Cached statements are reset and unbound when the
// Statement is destroyed; uncached ones are finalised. Movable, not copyable.
class Statement final : public Row {
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
  // Binds bytes as a BLOB (copied; "" binds a zero-length BLOB, not NULL).
  Statement& bind_blob(int index, std::string_view bytes);

  // True when a row is available, false when done.
  Result<bool> step();
  // Steps to completion, ignoring any rows, then resets the statement so it
  // can be re-bound and run again (bindings are kept until re-bound).
  Status run();
  // Rewinds a partly stepped statement; bindings are kept.
  void reset();

  // Columns are 0-based. NULL reads as 0 / "".
  int64_t column_int64(int index) const override;
  bool column_bool(int index) const override { return column_int64(index) != 0; }
  std::string column_text(int index) const override;
  bool column_is_null(int index) const override;
  // The column's bytes as stored (BLOB or TEXT); "" for NULL.
  std::string column_blob(int index) const;

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
  // Bytes [offset, offset + max_bytes) of the BLOB in table.column at rowid,
  // cut at its end, read incrementally (sqlite3_blob_read: only those pages).
  Result<std::string> read_blob(const char* table, const char* column, int64_t rowid, int64_t offset,
                                int64_t max_bytes);

 private:
  friend class Database;
  struct CachedStatement {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  explicit Connection(sqlite3* db) : db_(db) {}
  static Result<std::unique_ptr<Connection>> open(const std::string& path, const DatabaseOptions& options);

  sqlite3* db_;
  std::unordered_map<std::string, CachedStatement> cache_;
};

struct DatabaseOptions {
  // PRAGMA journal_size_limit of every connection, in bytes; -1 = never cut
  // the WAL file back (SQLite's default).
  int64_t wal_size_limit_bytes = 64 << 20;
  // Period of the background checkpoint thread; 0 = no thread (tools, tests).
  int64_t checkpoint_interval_ms = 0;
  // Runs on every connection as it opens, after the PRAGMAs and before any
  // statement uses it (migrations included): registers what the schema needs
  // on each connection, such as the KB search tokenizer (open_database() in
  // sqlite_storage.h). This layer knows nothing of it. A failure closes the
  // connection and fails the lease (or open()). Null = nothing to set up.
  std::function<Status(sqlite3*)> on_connect;
};

// What the checkpoint thread did since the Database opened.
struct CheckpointCounts {
  uint64_t passive = 0;    // PASSIVE checkpoints that ran
  uint64_t truncated = 0;  // TRUNCATE checkpoints that emptied the WAL file
  uint64_t busy = 0;       // attempts that found readers or a writer in the way (retried next period)
  uint64_t failed = 0;     // attempts that failed otherwise (logged)
};

class Database {
 public:
  static constexpr int kMaxConnections = 8;
  static constexpr int kBusyTimeoutMs = 5000;
  // How long a TRUNCATE checkpoint may wait for readers and writers; it holds
  // new writers back meanwhile, so this stays short.
  static constexpr int kTruncateBusyTimeoutMs = 100;

  // Opens (creating if needed) the file at `path` and applies the migrations
  // not yet recorded in schema_migrations, each in its own transaction, then
  // starts the checkpoint thread when `options` ask for one. The parent
  // directory must exist. `clock` must outlive the Database.
  static Result<std::unique_ptr<Database>> open(const std::string& path, const Clock& clock,
                                                std::span<const Migration> migrations = embedded_migrations(),
                                                DatabaseOptions options = {});

  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs `fn` on a leased connection without an explicit transaction.
  Status read(const std::function<Status(Connection&)>& fn);
  // Runs `fn` inside BEGIN IMMEDIATE ... COMMIT; rolls back when fn fails.
  Status write(const std::function<Status(Connection&)>& fn);

  // One checkpoint as the background thread runs it: TRUNCATE when the WAL
  // file is over wal_size_limit_bytes and no connection is leased, else
  // PASSIVE. Busy is not an error (it is counted and retried next period).
  // Blocks on the file: call from a background thread, never an I/O thread.
  Status checkpoint();
  // Size of the WAL file in bytes (0 when there is none).
  int64_t wal_bytes() const;
  CheckpointCounts checkpoint_counts() const;

  // Stops the checkpoint thread and closes idle connections; later
  // read()/write() return Unavailable and leased connections are closed when
  // returned. Idempotent.
  void close();

  const Clock& clock() const { return clock_; }

 private:
  class Lease;
  Database(std::string path, const Clock& clock, DatabaseOptions options)
      : path_(std::move(path)), clock_(clock), options_(options) {}
  Result<std::unique_ptr<Connection>> acquire();
  void release(std::unique_ptr<Connection> connection);
  Status migrate(std::span<const Migration> migrations);
  void checkpoint_loop();

  const std::string path_;
  const Clock& clock_;
  const DatabaseOptions options_;
  std::mutex mu_;
  std::condition_variable available_;
  std::condition_variable stop_;                   // wakes the checkpoint thread on close()
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
  int open_count_ = 0;                             // guarded by mu_
  bool closed_ = false;                            // guarded by mu_
  std::thread checkpointer_;
  std::atomic<uint64_t> passive_{0};
  std::atomic<uint64_t> truncated_{0};
  std::atomic<uint64_t> busy_{0};
  std::atomic<uint64_t> failed_{0};
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

// The same two helpers for the row readers both backends share
// (storage/record_rows.h): a row the reader cannot read (an unknown stored
// value) ends the call with the reader's error.
template <class T>
Result<std::vector<T>> query_rows(Database& db, std::string_view sql, const Binder& bind, Result<T> (*read)(const Row&),
                                  Access access = Access::kRead) {
  std::vector<T> rows;
  Status status = for_each_row(
      db, sql, bind,
      [&](const Statement& stmt) {
        Result<T> row = read(stmt);
        if (!row) return row.status();
        rows.push_back(std::move(*row));
        return Status::ok();
      },
      access);
  if (!status.is_ok()) return status;
  return rows;
}

template <class T>
Result<T> query_one(Database& db, std::string_view sql, const Binder& bind, Result<T> (*read)(const Row&),
                    std::string_view not_found_message) {
  std::optional<Result<T>> found;
  Status status = for_each_row(db, sql, bind, [&](const Statement& stmt) {
    if (!found) found.emplace(read(stmt));
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
