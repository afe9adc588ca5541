#include "storage/sqlite/database.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <utility>

namespace deskd::storage::sqlite {

Status status_from_sqlite(int rc, std::string_view what, std::string_view detail) {
  std::string message(what);
  message += ": ";
  message += sqlite3_errstr(rc);
  if (!detail.empty()) {
    message += " (";
    message += detail;
    message += ")";
  }
  switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE: return Status::ok();
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return unavailable(std::move(message));
    case SQLITE_CONSTRAINT: return conflict(std::move(message));
    default: return internal(std::move(message));
  }
}

// ---- Statement ----

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      in_use_(std::exchange(other.in_use_, nullptr)),
      bind_error_(std::move(other.bind_error_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    release();
    stmt_ = std::exchange(other.stmt_, nullptr);
    in_use_ = std::exchange(other.in_use_, nullptr);
    bind_error_ = std::move(other.bind_error_);
  }
  return *this;
}

Statement::~Statement() {
  release();
}

void Statement::release() {
  if (stmt_ == nullptr) return;
  if (in_use_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    *in_use_ = false;
  } else {
    sqlite3_finalize(stmt_);
  }
  stmt_ = nullptr;
  in_use_ = nullptr;
}

void Statement::note_bind(int rc, int index) {
  if (rc != SQLITE_OK && bind_error_.is_ok()) {
    bind_error_ = status_from_sqlite(rc, "bind parameter " + std::to_string(index));
  }
}

Statement& Statement::bind(int index, int64_t value) {
  note_bind(sqlite3_bind_int64(stmt_, index, value), index);
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  // A non-null pointer even for "" so the value binds as empty text, not NULL.
  note_bind(
      sqlite3_bind_text64(stmt_, index, value.empty() ? "" : value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
      index);
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  static const char kEmpty = 0;
  note_bind(sqlite3_bind_blob64(stmt_, index, bytes.empty() ? &kEmpty : bytes.data(), bytes.size(), SQLITE_TRANSIENT),
            index);
  return *this;
}

Statement& Statement::bind_null(int index) {
  note_bind(sqlite3_bind_null(stmt_, index), index);
  return *this;
}

Result<bool> Statement::step() {
  if (!bind_error_.is_ok()) return bind_error_;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Status status = status_from_sqlite(rc, "step", sqlite3_errmsg(sqlite3_db_handle(stmt_)));
  sqlite3_reset(stmt_);
  return status;
}

Status Statement::run() {
  for (;;) {
    Result<bool> row = step();
    if (!row) return row.status();
    if (!*row) {
      reset();
      return Status::ok();
    }
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
}

int64_t Statement::column_int64(int index) const {
  return sqlite3_column_int64(stmt_, index);
}

std::string Statement::column_text(int index) const {
  const unsigned char* text = sqlite3_column_text(stmt_, index);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(sqlite3_column_bytes(stmt_, index)));
}

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

std::string Statement::column_blob(int index) const {
  const void* data = sqlite3_column_blob(stmt_, index);
  if (data == nullptr) return {};
  return std::string(static_cast<const char*>(data), static_cast<size_t>(sqlite3_column_bytes(stmt_, index)));
}

// ---- Connection ----

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, const DatabaseOptions& options) {
  sqlite3* db = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = db != nullptr ? sqlite3_errmsg(db) : "";
    sqlite3_close_v2(db);
    return status_from_sqlite(rc, "open " + path, detail);
  }
  std::unique_ptr<Connection> connection(new Connection(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, Database::kBusyTimeoutMs);

  Result<Statement> wal = connection->prepare("PRAGMA journal_mode=WAL");
  if (!wal) return wal.status();
  Result<bool> row = wal->step();
  if (!row) return row.status();
  std::string mode = *row ? wal->column_text(0) : "";
  if (mode != "wal") return internal("open " + path + ": cannot enable WAL (journal_mode=" + mode + ")");

  Status status = connection->exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA journal_size_limit=" +
                                   std::to_string(options.wal_size_limit_bytes) + ";");
  if (!status.is_ok()) return status;
  if (options.on_connect) {
    if (Status setup = options.on_connect(db); !setup.is_ok()) return setup;
  }
  return Result<std::unique_ptr<Connection>>(std::move(connection));
}

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
  sqlite3_close_v2(db_);
}

Result<Statement> Connection::prepare(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it != cache_.end() && !it->second.in_use) {
    it->second.in_use = true;
    return Statement(it->second.stmt, &it->second.in_use);
  }
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK) return status_from_sqlite(rc, "prepare", sqlite3_errmsg(db_));
  if (stmt == nullptr) return internal("prepare: empty statement");
  for (const char* p = tail; p != nullptr && p < sql.data() + sql.size(); ++p) {
    if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r' && *p != ';') {
      sqlite3_finalize(stmt);
      return internal("prepare: more than one statement");
    }
  }
  if (it == cache_.end()) {
    auto [slot, inserted] = cache_.emplace(std::string(sql), CachedStatement{stmt, true});
    return Statement(stmt, &slot->second.in_use);
  }
  return Statement(stmt, nullptr);  // the cached handle is busy further up the stack
}

Status Connection::exec(std::string_view sql) {
  std::string text(sql);
  char* error = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return Status::ok();
  std::string detail = error != nullptr ? error : sqlite3_errmsg(db_);
  sqlite3_free(error);
  return status_from_sqlite(rc, "exec", detail);
}

int64_t Connection::changes() const {
  return sqlite3_changes64(db_);
}

Result<std::string> Connection::read_blob(const char* table, const char* column, int64_t rowid, int64_t offset,
                                         int64_t max_bytes) {
  sqlite3_blob* blob = nullptr;
  int rc = sqlite3_blob_open(db_, "main", table, column, rowid, 0, &blob);
  if (rc != SQLITE_OK) {
    sqlite3_blob_close(blob);
    return status_from_sqlite(rc, "blob open", sqlite3_errmsg(db_));
  }
  const int64_t size = sqlite3_blob_bytes(blob);
  std::string out;
  if (offset < size && max_bytes > 0) {
    out.resize(static_cast<size_t>(std::min(max_bytes, size - offset)));
    rc = sqlite3_blob_read(blob, out.data(), static_cast<int>(out.size()), static_cast<int>(offset));
  }
  sqlite3_blob_close(blob);
  if (rc != SQLITE_OK) return status_from_sqlite(rc, "blob read", sqlite3_errmsg(db_));
  return out;
}

int64_t Connection::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}

// ---- Database ----

// Returns the leased connection to the pool, also on early return.
class Database::Lease {
 public:
  Lease(Database& db, std::unique_ptr<Connection> connection) : db_(db), connection_(std::move(connection)) {}
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease() { db_.release(std::move(connection_)); }
  Connection& operator*() { return *connection_; }

 private:
  Database& db_;
  std::unique_ptr<Connection> connection_;
};

Result<std::unique_ptr<Database>> Database::open(const std::string& path, const Clock& clock,
                                                 std::span<const Migration> migrations, DatabaseOptions options) {
  std::unique_ptr<Database> db(new Database(path, clock, options));
  Status status = db->migrate(migrations);
  if (!status.is_ok()) return status;
  if (options.checkpoint_interval_ms > 0) db->checkpointer_ = std::thread([raw = db.get()] { raw->checkpoint_loop(); });
  return Result<std::unique_ptr<Database>>(std::move(db));
}

Database::~Database() {
  close();
}

Result<std::unique_ptr<Connection>> Database::acquire() {
  std::unique_lock lock(mu_);
  for (;;) {
    if (closed_) return unavailable("database " + path_ + " is closed");
    if (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      return Result<std::unique_ptr<Connection>>(std::move(connection));
    }
    if (open_count_ < kMaxConnections) break;
    available_.wait(lock);
  }
  ++open_count_;
  lock.unlock();
  Result<std::unique_ptr<Connection>> connection = Connection::open(path_, options_);
  if (!connection) {
    lock.lock();
    --open_count_;
    lock.unlock();
    available_.notify_one();
  }
  return connection;
}

void Database::release(std::unique_ptr<Connection> connection) {
  if (connection == nullptr) return;
  if (sqlite3_get_autocommit(connection->db_) == 0) (void)connection->exec("ROLLBACK");
  {
    std::lock_guard lock(mu_);
    if (!closed_) {
      idle_.push_back(std::move(connection));
    } else {
      --open_count_;
    }
  }
  available_.notify_one();
  // When closed, `connection` is destroyed here, outside the lock.
}

void Database::close() {
  std::vector<std::unique_ptr<Connection>> idle;
  {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  stop_.notify_all();
  if (checkpointer_.joinable() && checkpointer_.get_id() != std::this_thread::get_id()) checkpointer_.join();
  {
    std::lock_guard lock(mu_);
    idle.swap(idle_);
    open_count_ -= static_cast<int>(idle.size());
  }
  available_.notify_all();
}

int64_t Database::wal_bytes() const {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path_ + "-wal", ec);
  return ec ? 0 : static_cast<int64_t>(size);
}

CheckpointCounts Database::checkpoint_counts() const {
  return {passive_.load(), truncated_.load(), busy_.load(), failed_.load()};
}

Status Database::checkpoint() {
  const int64_t wal = wal_bytes();
  if (wal == 0) return Status::ok();
  bool pool_idle = false;
  {
    std::lock_guard lock(mu_);
    pool_idle = static_cast<int>(idle_.size()) == open_count_;
  }
  const bool truncate = pool_idle && wal > std::max<int64_t>(0, options_.wal_size_limit_bytes);
  return read([&](Connection& c) {
    if (truncate) sqlite3_busy_timeout(c.db_, kTruncateBusyTimeoutMs);
    int log_frames = 0;
    int done_frames = 0;
    const int rc = sqlite3_wal_checkpoint_v2(
        c.db_, nullptr, truncate ? SQLITE_CHECKPOINT_TRUNCATE : SQLITE_CHECKPOINT_PASSIVE, &log_frames, &done_frames);
    if (truncate) sqlite3_busy_timeout(c.db_, kBusyTimeoutMs);
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
      ++busy_;
      return Status::ok();
    }
    if (rc != SQLITE_OK) {
      ++failed_;
      return status_from_sqlite(rc, "wal checkpoint", sqlite3_errmsg(c.db_));
    }
    ++(truncate ? truncated_ : passive_);
    return Status::ok();
  });
}

void Database::checkpoint_loop() {
  std::unique_lock lock(mu_);
  while (
      !stop_.wait_for(lock, std::chrono::milliseconds(options_.checkpoint_interval_ms), [this] { return closed_; })) {
    lock.unlock();
    // Unavailable: close() began meanwhile; the loop ends below.
    if (Status s = checkpoint(); !s.is_ok() && s.code() != Code::kUnavailable)
      spdlog::warn("sqlite {}: {} (WAL {} bytes)", path_, s.to_string(), wal_bytes());
    lock.lock();
  }
}

Status Database::read(const std::function<Status(Connection&)>& fn) {
  Result<std::unique_ptr<Connection>> connection = acquire();
  if (!connection) return connection.status();
  Lease lease(*this, std::move(*connection));
  return fn(*lease);
}

Status Database::write(const std::function<Status(Connection&)>& fn) {
  Result<std::unique_ptr<Connection>> connection = acquire();
  if (!connection) return connection.status();
  Lease lease(*this, std::move(*connection));
  Connection& c = *lease;
  Status status = c.exec("BEGIN IMMEDIATE");
  if (!status.is_ok()) return status;
  status = fn(c);
  if (status.is_ok()) status = c.exec("COMMIT");
  if (!status.is_ok() && sqlite3_get_autocommit(c.db_) == 0) (void)c.exec("ROLLBACK");
  return status;
}

Status Database::migrate(std::span<const Migration> migrations) {
  int last = 0;
  for (const Migration& m : migrations) {
    if (m.version <= last) return internal("migration " + std::string(m.name) + ": versions must increase");
    last = m.version;
  }

  Status status = write([](Connection& c) {
    return c.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_ms INTEGER NOT NULL)");
  });
  if (!status.is_ok()) return status;

  std::set<int64_t> applied;
  status = read([&](Connection& c) {
    Result<Statement> stmt = c.prepare("SELECT version FROM schema_migrations");
    if (!stmt) return stmt.status();
    for (;;) {
      Result<bool> row = stmt->step();
      if (!row) return row.status();
      if (!*row) return Status::ok();
      applied.insert(stmt->column_int64(0));
    }
  });
  if (!status.is_ok()) return status;
  if (!applied.empty() && *applied.rbegin() > last) {
    return internal("database " + path_ + " has schema version " + std::to_string(*applied.rbegin()) +
                    ", newer than this binary knows (" + std::to_string(last) + ")");
  }

  for (const Migration& m : migrations) {
    if (applied.contains(m.version)) continue;
    status = write([&](Connection& c) {
      {
        // Another process may have applied it since we looked.
        Result<Statement> check = c.prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
        if (!check) return check.status();
        Result<bool> present = check->bind(1, int64_t{m.version}).step();
        if (!present) return present.status();
        if (*present) return Status::ok();
      }
      Status s = c.exec(m.sql);
      if (!s.is_ok()) return s;
      Result<Statement> record = c.prepare("INSERT INTO schema_migrations (version, applied_ms) VALUES (?, ?)");
      if (!record) return record.status();
      return record->bind(1, int64_t{m.version}).bind(2, clock_.now_ms()).run();
    });
    if (!status.is_ok()) return Status(status.code(), "migration " + std::string(m.name) + ": " + status.message());
  }
  return Status::ok();
}

Status for_each_row(Database& db, std::string_view sql, const Binder& bind,
                    const std::function<Status(const Statement&)>& on_row, Access access) {
  auto run = [&](Connection& c) {
    Result<Statement> stmt = c.prepare(sql);
    if (!stmt) return stmt.status();
    bind(*stmt);
    for (;;) {
      Result<bool> row = stmt->step();
      if (!row) return row.status();
      if (!*row) return Status::ok();
      if (Status s = on_row(*stmt); !s.is_ok()) return s;
    }
  };
  return access == Access::kWrite ? db.write(run) : db.read(run);
}

Result<int64_t> query_int(Database& db, std::string_view sql, const Binder& bind) {
  int64_t value = 0;
  Status status = db.read([&](Connection& c) {
    Result<Statement> stmt = c.prepare(sql);
    if (!stmt) return stmt.status();
    bind(*stmt);
    Result<bool> row = stmt->step();
    if (!row) return row.status();
    if (*row) value = stmt->column_int64(0);
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return value;
}

namespace {

// Runs `sql` in write() and hands the connection to `after` (for changes()
// or last_insert_rowid()) before the transaction commits.
Status write_one(Database& db, std::string_view sql, const Binder& bind,
                 const std::function<Status(Connection&)>& after) {
  return db.write([&](Connection& c) {
    Result<Statement> stmt = c.prepare(sql);
    if (!stmt) return stmt.status();
    bind(*stmt);
    if (Status s = stmt->run(); !s.is_ok()) return s;
    return after(c);
  });
}

}  // namespace

Result<int64_t> insert_row(Database& db, std::string_view sql, const Binder& bind) {
  int64_t row_id = 0;
  Status status = write_one(db, sql, bind, [&](Connection& c) {
    row_id = c.last_insert_rowid();
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return row_id;
}

Result<int64_t> change_rows(Database& db, std::string_view sql, const Binder& bind) {
  int64_t changed = 0;
  Status status = write_one(db, sql, bind, [&](Connection& c) {
    changed = c.changes();
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return changed;
}

Status change_one(Database& db, std::string_view sql, const Binder& bind, std::string_view not_found_message) {
  return write_one(db, sql, bind, [&](Connection& c) {
    return c.changes() == 0 ? not_found(std::string(not_found_message)) : Status::ok();
  });
}

Result<bool> row_exists(Connection& c, std::string_view sql, int64_t id) {
  Result<Statement> stmt = c.prepare(sql);
  if (!stmt) return stmt.status();
  return stmt->bind(1, id).step();
}

}  // namespace deskd::storage::sqlite
