#include "storage/postgres/database.h"

#include <charconv>
#include <chrono>
#include <set>
#include <utility>

namespace deskd::storage::postgres {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// A connection error without a result, or a result without a SQLSTATE.
constexpr std::string_view kConnectionLost = "08006";

}  // namespace

Status status_from_sqlstate(std::string_view sqlstate, std::string_view what, std::string_view detail) {
  std::string message(what);
  if (!detail.empty()) {
    message += ": ";
    message += detail;
  }
  if (!sqlstate.empty()) {
    message += " [";
    message += sqlstate;
    message += "]";
  }
  if (starts_with(sqlstate, "23")) return conflict(std::move(message));
  if (starts_with(sqlstate, "08") || starts_with(sqlstate, "53") || starts_with(sqlstate, "40") ||
      sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03" || sqlstate == "55P03" || sqlstate == "57014")
    return unavailable(std::move(message));
  if (starts_with(sqlstate, "22")) return invalid_argument(std::move(message));
  return internal(std::move(message));
}

std::string redact_url(std::string_view url) {
  // postgresql://user:password@host... -> postgresql://user:***@host...
  const size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    const size_t start = scheme + 3;
    const size_t at = url.find('@', start);
    const size_t slash = url.find('/', start);
    if (at != std::string_view::npos && (slash == std::string_view::npos || at < slash)) {
      const size_t colon = url.find(':', start);
      if (colon != std::string_view::npos && colon < at)
        return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
    }
  }
  // key=value form: password=... up to the next space.
  std::string out(url);
  for (size_t pos = out.find("password="); pos != std::string::npos; pos = out.find("password=", pos + 1)) {
    const size_t value = pos + 9;
    size_t end = out.find(' ', value);
    if (end == std::string::npos) end = out.size();
    out.replace(value, end - value, "***");
  }
  // ?password=... in a URI query.
  return out;
}

int64_t lock_key(std::string_view name) {
  // FNV-1a, 64 bits: stable across processes, builds and platforms.
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : name) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return static_cast<int64_t>(h);
}

// ---- Statement ----

Statement::Statement(Statement&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)),
      name_(std::move(other.name_)),
      params_(std::move(other.params_)),
      result_(std::exchange(other.result_, nullptr)),
      row_(other.row_),
      changes_(other.changes_),
      bind_error_(std::move(other.bind_error_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    clear_result();
    connection_ = std::exchange(other.connection_, nullptr);
    name_ = std::move(other.name_);
    params_ = std::move(other.params_);
    result_ = std::exchange(other.result_, nullptr);
    row_ = other.row_;
    changes_ = other.changes_;
    bind_error_ = std::move(other.bind_error_);
  }
  return *this;
}

Statement::~Statement() {
  clear_result();
}

void Statement::clear_result() {
  if (result_ != nullptr) PQclear(result_);
  result_ = nullptr;
  row_ = -1;
}

std::optional<std::string>& Statement::slot(int index) {
  clear_result();  // binding rewinds, as sqlite3_reset before a re-bind
  if (index < 1) index = 1;
  if (params_.size() < static_cast<size_t>(index)) params_.resize(static_cast<size_t>(index));
  return params_[static_cast<size_t>(index) - 1];
}

Statement& Statement::bind(int index, int64_t value) {
  slot(index) = std::to_string(value);
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  if (value.find('\0') != std::string_view::npos && bind_error_.is_ok())
    bind_error_ = invalid_argument("bind parameter " + std::to_string(index) + ": text contains a NUL byte");
  slot(index) = std::string(value);
  return *this;
}

Statement& Statement::bind_bool(int index, bool value) {
  slot(index) = value ? "true" : "false";
  return *this;
}

Statement& Statement::bind_null(int index) {
  slot(index) = std::nullopt;
  return *this;
}

Status Statement::execute() {
  clear_result();
  if (!bind_error_.is_ok()) return bind_error_;
  std::vector<const char*> values;
  values.reserve(params_.size());
  for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
  ++connection_->commands_;
  PGresult* result = PQexecPrepared(connection_->conn_, name_.c_str(), static_cast<int>(values.size()), values.data(),
                                    nullptr, nullptr, 0);
  const ExecStatusType st = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
    Status status = connection_->failure(result, "statement");
    if (result != nullptr) PQclear(result);
    return status;
  }
  const char* tuples = PQcmdTuples(result);
  changes_ = 0;
  if (tuples != nullptr && *tuples != '\0')
    std::from_chars(tuples, tuples + std::char_traits<char>::length(tuples), changes_);
  result_ = result;
  row_ = -1;
  return Status::ok();
}

Result<bool> Statement::step() {
  if (result_ == nullptr) {
    if (Status s = execute(); !s.is_ok()) return s;
  }
  ++row_;
  return row_ < PQntuples(result_);
}

Status Statement::run() {
  Status s = execute();
  clear_result();
  return s;
}

void Statement::reset() {
  clear_result();
}

bool Statement::column_is_null(int index) const {
  return result_ == nullptr || row_ < 0 || row_ >= PQntuples(result_) || index >= PQnfields(result_) ||
         PQgetisnull(result_, row_, index) != 0;
}

int64_t Statement::column_int64(int index) const {
  if (column_is_null(index)) return 0;
  const char* text = PQgetvalue(result_, row_, index);
  const int n = PQgetlength(result_, row_, index);
  if (n == 1 && (*text == 't' || *text == 'f')) return *text == 't' ? 1 : 0;  // a boolean column
  int64_t value = 0;
  std::from_chars(text, text + n, value);
  return value;
}

bool Statement::column_bool(int index) const {
  return column_int64(index) != 0;
}

std::string Statement::column_text(int index) const {
  if (column_is_null(index)) return {};
  return std::string(PQgetvalue(result_, row_, index), static_cast<size_t>(PQgetlength(result_, row_, index)));
}

// ---- Connection ----

Result<std::unique_ptr<Connection>> Connection::open(const std::string& url, int connect_timeout_s) {
  // Keywords before dbname are defaults; the expanded URL overrides them. The
  // keepalive and TCP user timeouts bound how long a call can hang on a server
  // that vanished without closing the connection (about a minute).
  const std::string timeout = std::to_string(connect_timeout_s);
  const char* keys[] = {"connect_timeout",
                        "application_name",
                        "client_encoding",
                        "keepalives_idle",
                        "keepalives_interval",
                        "keepalives_count",
                        "tcp_user_timeout",
                        "dbname",
                        nullptr};
  const char* values[] = {timeout.c_str(), "deskd", "UTF8", "30", "10", "3", "60000", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (conn == nullptr) return unavailable("postgres: out of memory opening a connection");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string detail = PQerrorMessage(conn);
    while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
    PQfinish(conn);
    return unavailable("postgres: cannot connect to " + redact_url(url) + ": " + detail);
  }
  std::unique_ptr<Connection> connection(new Connection(conn));
  // Times are stored as integers and text is compared byte-wise by the stores;
  // pin what remains session-dependent.
  if (Status s = connection->exec("SET client_min_messages = warning"); !s.is_ok()) return s;
  connection->commands_ = 0;
  return Result<std::unique_ptr<Connection>>(std::move(connection));
}

Connection::~Connection() {
  PQfinish(conn_);
}

bool Connection::broken() const {
  return PQstatus(conn_) != CONNECTION_OK;
}

bool Connection::in_transaction() const {
  const PGTransactionStatusType st = PQtransactionStatus(conn_);
  return st == PQTRANS_INTRANS || st == PQTRANS_INERROR;
}

bool Connection::transaction_failed() const {
  return PQtransactionStatus(conn_) == PQTRANS_INERROR;
}

Status Connection::failure(const PGresult* result, std::string_view what) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string detail = result != nullptr ? PQresultErrorMessage(result) : "";
  if (detail.empty()) detail = PQerrorMessage(conn_);
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
  last_sqlstate_ = state != nullptr ? state : "";
  // No SQLSTATE: libpq itself failed, i.e. the connection is gone.
  if (last_sqlstate_.empty() || broken()) last_sqlstate_ = std::string(kConnectionLost);
  return status_from_sqlstate(last_sqlstate_, "postgres " + std::string(what), detail);
}

Result<Statement> Connection::prepare(std::string_view sql) {
  std::string key(sql);
  auto it = prepared_.find(key);
  if (it != prepared_.end()) return Statement(this, it->second);
  std::string name = "deskd_" + std::to_string(prepared_.size() + 1);
  ++commands_;
  PGresult* result = PQprepare(conn_, name.c_str(), key.c_str(), 0, nullptr);
  if (result == nullptr || PQresultStatus(result) != PGRES_COMMAND_OK) {
    Status status = failure(result, "prepare");
    if (result != nullptr) PQclear(result);
    return status;
  }
  PQclear(result);
  prepared_.emplace(std::move(key), name);
  return Statement(this, std::move(name));
}

Status Connection::exec(std::string_view sql) {
  ++commands_;
  PGresult* result = PQexec(conn_, std::string(sql).c_str());
  const ExecStatusType st = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  Status status = Status::ok();
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) status = failure(result, "exec");
  if (result != nullptr) PQclear(result);
  return status;
}

// ---- Database ----

// Returns the leased connection to the pool (or closes it when broken), also
// on early return; rolls back a transaction left open.
class Database::Lease {
 public:
  Lease(Database& db, std::unique_ptr<Connection> connection) : db_(db), connection_(std::move(connection)) {
    connection_->commands_ = 0;
  }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease() { db_.release(std::move(connection_)); }
  Connection& operator*() { return *connection_; }

 private:
  Database& db_;
  std::unique_ptr<Connection> connection_;
};

Result<std::unique_ptr<Database>> Database::open(const std::string& url, const Clock& clock,
                                                 std::span<const Migration> migrations, DatabaseOptions options) {
  if (options.max_connections < 1) return invalid_argument("postgres pool needs at least one connection");
  std::unique_ptr<Database> db(new Database(url, clock, options));
  Status status = db->migrate(migrations);
  if (!status.is_ok()) return status;
  return Result<std::unique_ptr<Database>>(std::move(db));
}

Database::~Database() {
  close();
}

Result<std::unique_ptr<Connection>> Database::connect() {
  Result<std::unique_ptr<Connection>> connection = Connection::open(url_, options_.connect_timeout_s);
  if (!connection) {
    ++connect_failures_;
    {
      std::lock_guard lock(mu_);
      --open_count_;
    }
    available_.notify_one();
  }
  return connection;
}

Result<std::unique_ptr<Connection>> Database::acquire() {
  std::unique_lock lock(mu_);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.acquire_timeout_ms);
  bool waited = false;
  for (;;) {
    if (closed_) return unavailable("postgres database is closed");
    if (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      return Result<std::unique_ptr<Connection>>(std::move(connection));
    }
    if (open_count_ < options_.max_connections) break;
    if (!waited) {
      waited = true;
      ++waits_;
    }
    if (available_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_count_ >= options_.max_connections) {
      ++timeouts_;
      return unavailable("postgres: no free connection within " + std::to_string(options_.acquire_timeout_ms) +
                         " ms (pool of " + std::to_string(options_.max_connections) + ")");
    }
  }
  ++open_count_;
  lock.unlock();
  return connect();
}

void Database::release(std::unique_ptr<Connection> connection) {
  if (connection == nullptr) return;
  if (!connection->broken() && connection->in_transaction()) (void)connection->exec("ROLLBACK");
  const bool broken = connection->broken() || connection->in_transaction();
  if (broken) ++broken_;
  {
    std::lock_guard lock(mu_);
    if (!closed_ && !broken) {
      idle_.push_back(std::move(connection));
    } else {
      --open_count_;
    }
  }
  available_.notify_one();
  // A broken or closed-pool connection is destroyed here, outside the lock.
}

void Database::close() {
  std::vector<std::unique_ptr<Connection>> idle;
  {
    std::lock_guard lock(mu_);
    closed_ = true;
    idle.swap(idle_);
    open_count_ -= static_cast<int>(idle.size());
  }
  available_.notify_all();
}

PoolCounts Database::pool_counts() const {
  PoolCounts counts;
  {
    std::lock_guard lock(mu_);
    counts.open = open_count_;
    counts.leased = open_count_ - static_cast<int64_t>(idle_.size());
  }
  counts.waits = waits_.load();
  counts.timeouts = timeouts_.load();
  counts.broken = broken_.load();
  counts.connect_failures = connect_failures_.load();
  return counts;
}

Status Database::with_lease(const std::function<Status(Connection&)>& body) {
  for (int attempt = 0;; ++attempt) {
    Result<std::unique_ptr<Connection>> connection = acquire();
    if (!connection) return connection.status();
    Lease lease(*this, std::move(*connection));
    Connection& c = *lease;
    Status status = body(c);
    // Only a dead pooled connection found by the lease's very first command is
    // retried: nothing of the caller's work reached the server.
    if (attempt == 0 && !status.is_ok() && c.broken() && c.commands_ == 1) continue;
    return status;
  }
}

Status Database::read(const std::function<Status(Connection&)>& fn) {
  return with_lease(fn);
}

Status Database::write(const std::function<Status(Connection&)>& fn) {
  return with_lease([&](Connection& c) {
    Status status = c.exec("BEGIN");
    if (!status.is_ok()) return status;
    status = fn(c);
    if (status.is_ok() && c.transaction_failed())
      status = internal("postgres: a statement failed inside the transaction (" + c.last_sqlstate() + ")");
    if (status.is_ok()) status = c.exec("COMMIT");
    if (!status.is_ok() && !c.broken() && c.in_transaction()) (void)c.exec("ROLLBACK");
    return status;
  });
}

Status Database::migrate(std::span<const Migration> migrations) {
  int last = 0;
  for (const Migration& m : migrations) {
    if (m.version <= last) return internal("migration " + std::string(m.name) + ": versions must increase");
    last = m.version;
  }
  // One session holds the advisory lock for the whole run; the lock (keyed by
  // the schema, so separate schemas in one database do not wait for each
  // other) is released by pg_advisory_unlock or, on any failure, by closing
  // the session.
  return read([&](Connection& c) -> Status {
    Status status = [&]() -> Status {
      {
        Result<Statement> lock =
            c.prepare("SELECT pg_advisory_lock(hashtextextended('deskd.migrate.' || current_schema(), 0))");
        if (!lock) return lock.status();
        if (Status s = lock->run(); !s.is_ok()) return s;
      }
      {
        // Text is stored as UTF-8 only; another server encoding would refuse
        // or mangle what visitors type.
        Result<Statement> encoding = c.prepare("SELECT current_setting('server_encoding')");
        if (!encoding) return encoding.status();
        Result<bool> row = encoding->step();
        if (!row) return row.status();
        const std::string name = encoding->column_text(0);
        if (name != "UTF8") return invalid_argument("postgres database encoding is " + name + "; deskd needs UTF8");
      }
      {
        // Created only when missing, so a role without CREATE can run an
        // already migrated schema.
        Result<Statement> exists = c.prepare("SELECT to_regclass('schema_migrations') IS NOT NULL");
        if (!exists) return exists.status();
        Result<bool> row = exists->step();
        if (!row) return row.status();
        if (!exists->column_bool(0)) {
          if (Status s = c.exec("CREATE TABLE schema_migrations ("
                                "version INTEGER PRIMARY KEY, applied_ms BIGINT NOT NULL)");
              !s.is_ok())
            return s;
        }
      }
      std::set<int64_t> applied;
      {
        Result<Statement> stmt = c.prepare("SELECT version FROM schema_migrations");
        if (!stmt) return stmt.status();
        for (;;) {
          Result<bool> row = stmt->step();
          if (!row) return row.status();
          if (!*row) break;
          applied.insert(stmt->column_int64(0));
        }
      }
      if (!applied.empty() && *applied.rbegin() > last) {
        return internal("postgres schema has version " + std::to_string(*applied.rbegin()) +
                        ", newer than this binary knows (" + std::to_string(last) + ")");
      }
      for (const Migration& m : migrations) {
        if (applied.contains(m.version)) continue;
        Status s = c.exec("BEGIN");
        if (s.is_ok()) s = c.exec(m.sql);
        if (s.is_ok()) {
          Result<Statement> record = c.prepare("INSERT INTO schema_migrations (version, applied_ms) VALUES ($1, $2)");
          s = record ? record->bind(1, int64_t{m.version}).bind(2, clock_.now_ms()).run() : record.status();
        }
        if (s.is_ok()) s = c.exec("COMMIT");
        if (!s.is_ok()) {
          if (!c.broken() && c.in_transaction()) (void)c.exec("ROLLBACK");
          return Status(s.code(), "migration " + std::string(m.name) + ": " + s.message());
        }
      }
      return Status::ok();
    }();
    if (!c.broken()) {
      Result<Statement> unlock =
          c.prepare("SELECT pg_advisory_unlock(hashtextextended('deskd.migrate.' || current_schema(), 0))");
      Status s = unlock ? unlock->run() : unlock.status();
      if (status.is_ok()) status = s;
    }
    return status;
  });
}

// ---- helpers ----

Status for_each_row(Database& db, std::string_view sql, const Binder& bind,
                    const std::function<Status(const Statement&)>& on_row) {
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
  return db.read(run);
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

Result<int64_t> insert_returning_id(Database& db, std::string_view sql, const Binder& bind) {
  int64_t id = 0;
  Status status = db.autocommit([&](Connection& c) {
    Result<Statement> stmt = c.prepare(sql);
    if (!stmt) return stmt.status();
    bind(*stmt);
    Result<bool> row = stmt->step();
    if (!row) return row.status();
    if (!*row) return internal("postgres: INSERT ... RETURNING gave no row");
    id = stmt->column_int64(0);
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return id;
}

Result<int64_t> change_rows(Database& db, std::string_view sql, const Binder& bind) {
  int64_t changed = 0;
  Status status = db.autocommit([&](Connection& c) {
    Result<Statement> stmt = c.prepare(sql);
    if (!stmt) return stmt.status();
    bind(*stmt);
    if (Status s = stmt->run(); !s.is_ok()) return s;
    changed = stmt->changes();
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return changed;
}

Status change_one(Database& db, std::string_view sql, const Binder& bind, std::string_view not_found_message) {
  Result<int64_t> changed = change_rows(db, sql, bind);
  if (!changed) return changed.status();
  return *changed == 0 ? not_found(std::string(not_found_message)) : Status::ok();
}

Result<bool> row_exists(Connection& c, std::string_view sql, int64_t id) {
  Result<Statement> stmt = c.prepare(sql);
  if (!stmt) return stmt.status();
  return stmt->bind(1, id).step();
}

std::string pg_text_array(const std::vector<std::string_view>& values) {
  std::string out = "{";
  for (std::string_view v : values) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : v) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

std::string pg_bigint_array(const std::vector<int64_t>& values) {
  std::string out = "{";
  for (int64_t v : values) {
    if (out.size() > 1) out += ',';
    out += std::to_string(v);
  }
  out += '}';
  return out;
}

Status lock_xact(Connection& c, std::string_view name) {
  Result<Statement> stmt = c.prepare("SELECT pg_advisory_xact_lock($1::bigint)");
  if (!stmt) return stmt.status();
  return stmt->bind(1, lock_key(name)).run();
}

}  // namespace deskd::storage::postgres
