#pragma once
// A PostgreSQL database behind a bounded pool of libpq connections.
//
// Threading: Database is thread-safe. Each Connection is used by one thread at
// a time (it is leased exclusively through read()/write()); Statements belong
// to the Connection they were prepared on and must not outlive the lease. Every
// call blocks on the network: run it on a worker thread, never an I/O thread.
//
// Pool: at most DatabaseOptions::max_connections connections are open; a
// caller finding none free waits up to acquire_timeout_ms and then gets
// Unavailable. A connection that lost its server is closed when its lease ends
// (never returned to the pool); the next lease opens a fresh one. When the
// first command of a lease finds its pooled connection dead (the server
// restarted while it sat idle), the lease retries once on a fresh connection,
// which is safe because nothing of the caller's work ran yet.
//
// Transactions: write() runs BEGIN ... COMMIT at READ COMMITTED. Unlike
// SQLite's BEGIN IMMEDIATE, writers are not serialised: compare-and-swap
// updates (UPDATE ... WHERE old value) stay exact because PostgreSQL re-checks
// the WHERE clause on the newest row version, and stores that count-then-insert
// take an advisory transaction lock (lock_key()). After any failed statement
// the transaction is aborted: a store must not run further statements in it
// (check before writing, or read the SQLSTATE via Connection::last_sqlstate()).
#include <libpq-fe.h>

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
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "storage/postgres/migrations.h"
#include "storage/record_rows.h"

namespace deskd::storage::postgres {

// SQLSTATEs the stores branch on.
inline constexpr std::string_view kUniqueViolation = "23505";
inline constexpr std::string_view kForeignKeyViolation = "23503";

// The one libpq -> Status mapping: integrity violations (class 23) ->
// Conflict; connection loss (class 08, no result, a dead connection), server
// shutdown (57P01-57P03), too many connections / out of resources (class 53),
// serialization failures and deadlocks (class 40), lock timeouts (55P03) and
// cancelled statements (57014) -> Unavailable; data exceptions (class 22:
// invalid UTF-8, out-of-range numbers) -> InvalidArgument; anything else ->
// Internal. `what` names the operation for the message.
Status status_from_sqlstate(std::string_view sqlstate, std::string_view what, std::string_view detail);

// `url` with any password replaced by "***", for logs and error messages.
std::string redact_url(std::string_view url);

// A 64-bit key for pg_advisory_xact_lock, stable across processes and builds.
int64_t lock_key(std::string_view name);

class Connection;

// A prepared statement and, once executed, its result. Parameters are bound
// as text and typed by the server from the SQL ($1, $2, ...). Movable, not
// copyable; must not outlive the lease of its Connection.
class Statement final : public Row {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based ($1 is index 1). Binding after step() rewinds the
  // statement (as reset() does). Unbound parameters below the highest bound
  // index are NULL. Text containing a NUL byte cannot be stored and makes
  // step()/run() fail with InvalidArgument.
  Statement& bind(int index, int64_t value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind_bool(int index, bool value);
  Statement& bind_null(int index);

  // Executes on the first call (the whole result is fetched), then walks the
  // rows: true when a row is available, false when done.
  Result<bool> step();
  // Executes, ignores any rows, records changes() and rewinds the statement
  // so it can be re-bound and run again (bindings are kept until re-bound).
  Status run();
  // Rewinds: the next step() executes again. Bindings are kept.
  void reset();

  // Columns of the current row, 0-based. NULL reads as 0 / "" / false.
  int64_t column_int64(int index) const override;
  bool column_bool(int index) const override;  // 't' or a non-zero integer
  std::string column_text(int index) const override;
  bool column_is_null(int index) const override;

  // Rows changed by the last run()/execution of an INSERT/UPDATE/DELETE.
  int64_t changes() const { return changes_; }

 private:
  friend class Connection;
  Statement(Connection* connection, std::string name) : connection_(connection), name_(std::move(name)) {}
  void clear_result();
  Status execute();
  std::optional<std::string>& slot(int index);

  Connection* connection_ = nullptr;
  std::string name_;  // the server-side prepared statement
  std::vector<std::optional<std::string>> params_;
  PGresult* result_ = nullptr;
  int row_ = -1;
  int64_t changes_ = 0;
  Status bind_error_;  // first bind failure, reported by step()/run()
};

// One libpq connection plus the names of the statements prepared on it. Not
// thread-safe.
class Connection {
 public:
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Prepares `sql` (one statement with $n parameters) on the server once per
  // connection; later calls with the same text reuse it.
  Result<Statement> prepare(std::string_view sql);
  // Runs one or more statements without parameters (schema, BEGIN/COMMIT).
  Status exec(std::string_view sql);

  // SQLSTATE of the last failed command on this connection ("" if none).
  const std::string& last_sqlstate() const { return last_sqlstate_; }
  // True once the server is gone; the pool then closes the connection.
  bool broken() const;
  // Inside BEGIN ... (including an aborted transaction).
  bool in_transaction() const;
  // An earlier statement failed and the transaction can only roll back.
  bool transaction_failed() const;

 private:
  friend class Database;
  friend class Statement;
  explicit Connection(PGconn* conn) : conn_(conn) {}
  static Result<std::unique_ptr<Connection>> open(const std::string& url, int connect_timeout_s);
  // Maps a failed result (or none) to a Status and remembers its SQLSTATE.
  Status failure(const PGresult* result, std::string_view what);

  PGconn* conn_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
  std::string last_sqlstate_;
  int commands_ = 0;  // commands sent during the current lease
};

struct DatabaseOptions {
  int max_connections = 8;
  int acquire_timeout_ms = 5000;  // waiting for a free connection -> Unavailable
  int connect_timeout_s = 5;      // libpq connect_timeout unless the URL sets one
};

// Pool health, for /metrics.
struct PoolCounts {
  int64_t open = 0;               // connections open now (leased or idle)
  int64_t leased = 0;             // connections in use now
  uint64_t waits = 0;             // leases that had to wait for a free connection
  uint64_t timeouts = 0;          // leases that gave up waiting (Unavailable)
  uint64_t broken = 0;            // connections closed because the server was gone
  uint64_t connect_failures = 0;  // failed attempts to open a connection
};

class Database {
 public:
  // Connects to `url` (a libpq connection URI or key=value string), applies the
  // migrations not yet recorded in schema_migrations under a session advisory
  // lock (several nodes starting together migrate once; the others wait and
  // then find nothing to do), each in its own transaction. `clock` must
  // outlive the Database.
  static Result<std::unique_ptr<Database>> open(const std::string& url, const Clock& clock,
                                                std::span<const Migration> migrations = embedded_migrations(),
                                                DatabaseOptions options = {});

  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs `fn` on a leased connection without an explicit transaction (each
  // statement commits on its own).
  Status read(const std::function<Status(Connection&)>& fn);
  // The same as read(), named for a single writing statement, which is atomic
  // on its own and needs no BEGIN/COMMIT round trips.
  Status autocommit(const std::function<Status(Connection&)>& fn) { return read(fn); }
  // Runs `fn` inside BEGIN ... COMMIT; rolls back when fn fails (also when it
  // returns early or a statement failed and fn ignored it).
  Status write(const std::function<Status(Connection&)>& fn);

  // Closes idle connections; later read()/write() return Unavailable and
  // leased connections are closed when returned. Idempotent.
  void close();

  PoolCounts pool_counts() const;
  const Clock& clock() const { return clock_; }

 private:
  class Lease;
  Database(std::string url, const Clock& clock, DatabaseOptions options)
      : url_(std::move(url)), clock_(clock), options_(options) {}
  Result<std::unique_ptr<Connection>> acquire();
  Result<std::unique_ptr<Connection>> connect();
  void release(std::unique_ptr<Connection> connection);
  // Runs `body` on a lease; retries once on a fresh connection when the first
  // command of the lease found the pooled connection dead.
  Status with_lease(const std::function<Status(Connection&)>& body);
  Status migrate(std::span<const Migration> migrations);

  const std::string url_;
  const Clock& clock_;
  const DatabaseOptions options_;
  mutable std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
  int open_count_ = 0;                             // guarded by mu_
  bool closed_ = false;                            // guarded by mu_
  std::atomic<uint64_t> waits_{0};
  std::atomic<uint64_t> timeouts_{0};
  std::atomic<uint64_t> broken_{0};
  std::atomic<uint64_t> connect_failures_{0};
};

// One-statement helpers shared by the stores, as in storage/sqlite/database.h.
// Each leases a connection from `db` for the one call, prepares `sql`, lets
// `bind` fill its parameters and runs it. One statement is atomic on its own,
// so the writing helpers run it without BEGIN/COMMIT (autocommit()).
using Binder = std::function<void(Statement&)>;

// Calls `on_row` for every row (also of ... RETURNING); the first failure of
// step() or of on_row ends the call.
Status for_each_row(Database& db, std::string_view sql, const Binder& bind,
                    const std::function<Status(const Statement&)>& on_row);

template <class T>
Result<std::vector<T>> query_rows(Database& db, std::string_view sql, const Binder& bind, T (*read)(const Statement&)) {
  std::vector<T> rows;
  Status status = for_each_row(db, sql, bind, [&](const Statement& stmt) {
    rows.push_back(read(stmt));
    return Status::ok();
  });
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
Result<std::vector<T>> query_rows(Database& db, std::string_view sql, const Binder& bind,
                                  Result<T> (*read)(const Row&)) {
  std::vector<T> rows;
  Status status = for_each_row(db, sql, bind, [&](const Statement& stmt) {
    Result<T> row = read(stmt);
    if (!row) return row.status();
    rows.push_back(std::move(*row));
    return Status::ok();
  });
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

// Runs an INSERT ... RETURNING id and returns that id.
Result<int64_t> insert_returning_id(Database& db, std::string_view sql, const Binder& bind);

// Runs an UPDATE/DELETE and returns how many rows it changed.
Result<int64_t> change_rows(Database& db, std::string_view sql, const Binder& bind);

// Runs an UPDATE/DELETE meant to hit one row;
// NotFound(not_found_message) when it changed none.
Status change_one(Database& db, std::string_view sql, const Binder& bind, std::string_view not_found_message);

// On a connection the caller already holds: true when `sql`, its one
// parameter bound to `id`, yields a row.
Result<bool> row_exists(Connection& c, std::string_view sql, int64_t id);

// Array literals for `= ANY($n::text[])` / `$n::bigint[]` parameters, so a
// list of values is one parameter and one prepared statement.
std::string pg_text_array(const std::vector<std::string_view>& values);
std::string pg_bigint_array(const std::vector<int64_t>& values);

// On a connection inside write(): takes the transaction-scoped advisory lock
// lock_key(name), held until COMMIT/ROLLBACK. Serialises writers that must
// count before they insert, across every node.
Status lock_xact(Connection& c, std::string_view name);

}  // namespace deskd::storage::postgres
