#include "storage/sqlite/database.h"
#include "storage/sqlite/kb_fold_tokenizer.h"
#include "storage/sqlite/sqlite_storage.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <random>
#include <system_error>
#include <thread>
#include <vector>

namespace deskd::storage::sqlite {
namespace {

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    std::uniform_int_distribution<uint64_t> dist;
    path_ = (std::filesystem::temp_directory_path() / ("deskd-db-" + std::to_string(dist(rd)) + ".db")).string();
  }
  void TearDown() override {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix, ec);
  }

  std::unique_ptr<Database> open(std::span<const Migration> migrations = embedded_migrations()) {
    DatabaseOptions options;
    options.on_connect = register_kb_fold_tokenizer;  // the embedded schema's search index needs it
    Result<std::unique_ptr<Database>> db = Database::open(path_, clock_, migrations, options);
    EXPECT_TRUE(db.is_ok()) << db.status().to_string();
    return db.is_ok() ? std::move(*db) : nullptr;
  }

  // Runs a one-column query and returns its rows as text.
  static std::vector<std::string> column(Database& db, const std::string& sql) {
    std::vector<std::string> out;
    Status status = db.read([&](Connection& c) {
      Result<Statement> stmt = c.prepare(sql);
      if (!stmt) return stmt.status();
      for (;;) {
        Result<bool> row = stmt->step();
        if (!row) return row.status();
        if (!*row) return Status::ok();
        out.push_back(stmt->column_text(0));
      }
    });
    EXPECT_TRUE(status.is_ok()) << status.to_string();
    return out;
  }

  std::string path_;
  ManualClock clock_{1'000'000};
};

TEST_F(DatabaseTest, EmbedsNumberedMigrationsInOrder) {
  std::span<const Migration> migrations = embedded_migrations();
  ASSERT_FALSE(migrations.empty());
  EXPECT_EQ(migrations[0].version, 1);
  EXPECT_EQ(migrations[0].name, "0001_initial.sql");
  EXPECT_NE(migrations[0].sql.find("CREATE TABLE people"), std::string_view::npos);
  for (size_t i = 1; i < migrations.size(); ++i) EXPECT_GT(migrations[i].version, migrations[i - 1].version);
}

TEST_F(DatabaseTest, AppliesMigrationsOnceAndNotAgainOnReopen) {
  std::vector<std::string> expected;
  for (const Migration& m : embedded_migrations()) expected.push_back(std::to_string(m.version) + "@1000000");
  {
    std::unique_ptr<Database> db = open();
    ASSERT_NE(db, nullptr);
    EXPECT_EQ(column(*db, "SELECT version || '@' || applied_ms FROM schema_migrations ORDER BY version"), expected);
    EXPECT_EQ(column(*db,
                     "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN "
                     "('people', 'sessions', 'settings', 'audit_log', 'remember_tokens', 'outbox', 'password_resets') "
                     "ORDER BY name"),
              (std::vector<std::string>{"audit_log", "outbox", "password_resets", "people", "remember_tokens",
                                        "sessions", "settings"}));
    EXPECT_EQ(column(*db,
                     "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' "
                     "AND tbl_name IN ('people', 'sessions', 'settings', 'audit_log', 'remember_tokens', 'outbox', "
                     "'password_resets') ORDER BY name"),
              (std::vector<std::string>{"audit_log_at", "audit_log_event_at", "audit_log_person_at", "outbox_sent_id",
                                        "password_resets_person", "remember_tokens_expires", "remember_tokens_person",
                                        "sessions_interface_last_seen", "sessions_person"}));
  }
  clock_.advance_s(60);
  std::unique_ptr<Database> db = open();
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(column(*db, "SELECT version || '@' || applied_ms FROM schema_migrations ORDER BY version"), expected);
}

TEST_F(DatabaseTest, AppliesOnlyTheMissingMigrations) {
  const Migration first[] = {{1, "0001_a.sql", "CREATE TABLE a (x INTEGER);"}};
  const Migration both[] = {{1, "0001_a.sql", "CREATE TABLE a (x INTEGER);"},
                            {2, "0002_b.sql", "CREATE TABLE b (y INTEGER); INSERT INTO b VALUES (7);"}};
  ASSERT_NE(open(first), nullptr);
  clock_.advance_ms(5);
  std::unique_ptr<Database> db = open(both);
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(column(*db, "SELECT version || '@' || applied_ms FROM schema_migrations ORDER BY version"),
            (std::vector<std::string>{"1@1000000", "2@1000005"}));
  EXPECT_EQ(column(*db, "SELECT y FROM b"), (std::vector<std::string>{"7"}));
}

// The generic layer registers nothing itself: whatever a connection needs
// (the KB tokenizer) comes from the on_connect hook, run on every connection
// before its first statement, migrations included.
TEST_F(DatabaseTest, ConnectionSetupHookRunsOnEveryConnectionBeforeItIsUsed) {
  const Migration uses_fold[] = {
      {1, "0001_fts.sql", "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'deskd_fold unicode61');"}};
  // Without the hook the schema cannot even be created.
  Result<std::unique_ptr<Database>> bare = Database::open(path_, clock_, uses_fold);
  ASSERT_FALSE(bare.is_ok());
  TearDown();

  std::atomic<int> setups{0};
  DatabaseOptions options;
  options.on_connect = [&](sqlite3* db) {
    ++setups;
    return register_kb_fold_tokenizer(db);
  };
  Result<std::unique_ptr<Database>> db = Database::open(path_, clock_, uses_fold, options);
  ASSERT_TRUE(db.is_ok()) << db.status().to_string();
  const int after_open = setups.load();
  EXPECT_GE(after_open, 1);
  // Two leases held at once: the second is a new connection, set up too, and
  // it can use the tokenizer.
  Status status = (*db)->read([&](Connection&) {
    return (*db)->write([&](Connection& c) { return c.exec("INSERT INTO t (body) VALUES ('København')"); });
  });
  ASSERT_TRUE(status.is_ok()) << status.to_string();
  EXPECT_GT(setups.load(), after_open);
  EXPECT_EQ(column(**db, "SELECT count(*) FROM t WHERE t MATCH 'kobenhavn'"), (std::vector<std::string>{"1"}));
}

TEST_F(DatabaseTest, FailingConnectionSetupFailsTheOpen) {
  DatabaseOptions options;
  options.on_connect = [](sqlite3*) { return unavailable("setup refused"); };
  Result<std::unique_ptr<Database>> db = Database::open(path_, clock_, embedded_migrations(), options);
  ASSERT_FALSE(db.is_ok());
  EXPECT_EQ(db.status().code(), Code::kUnavailable);
  EXPECT_NE(db.status().message().find("setup refused"), std::string::npos);
}

TEST_F(DatabaseTest, FailingMigrationRollsBackAndIsReported) {
  const Migration broken[] = {{1, "0001_ok.sql", "CREATE TABLE ok (x INTEGER);"},
                              {2, "0002_broken.sql", "CREATE TABLE half (x INTEGER); INSERT INTO missing VALUES (1);"}};
  Result<std::unique_ptr<Database>> failed = Database::open(path_, clock_, broken);
  ASSERT_FALSE(failed.is_ok());
  EXPECT_EQ(failed.status().code(), Code::kInternal);
  EXPECT_NE(failed.status().message().find("0002_broken.sql"), std::string::npos) << failed.status().message();

  std::unique_ptr<Database> db = open(std::span<const Migration>(broken, 1));
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(column(*db, "SELECT version FROM schema_migrations"), (std::vector<std::string>{"1"}));
  EXPECT_TRUE(column(*db, "SELECT name FROM sqlite_master WHERE name = 'half'").empty());
}

TEST_F(DatabaseTest, RefusesASchemaNewerThanTheBinary) {
  const Migration both[] = {{1, "0001_a.sql", "CREATE TABLE a (x INTEGER);"},
                            {2, "0002_b.sql", "CREATE TABLE b (x INTEGER);"}};
  ASSERT_NE(open(both), nullptr);
  Result<std::unique_ptr<Database>> older = Database::open(path_, clock_, std::span<const Migration>(both, 1));
  ASSERT_FALSE(older.is_ok());
  EXPECT_EQ(older.status().code(), Code::kInternal);
}

TEST_F(DatabaseTest, RejectsMigrationsOutOfOrder) {
  const Migration unordered[] = {{2, "0002_b.sql", "SELECT 1;"}, {1, "0001_a.sql", "SELECT 1;"}};
  EXPECT_EQ(Database::open(path_, clock_, unordered).status().code(), Code::kInternal);
}

TEST_F(DatabaseTest, SetsWalAndConnectionPragmas) {
  std::unique_ptr<Database> db = open();
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(column(*db, "PRAGMA journal_mode"), (std::vector<std::string>{"wal"}));
  EXPECT_EQ(column(*db, "PRAGMA synchronous"), (std::vector<std::string>{"1"}));  // NORMAL
  EXPECT_EQ(column(*db, "PRAGMA foreign_keys"), (std::vector<std::string>{"1"}));
  EXPECT_EQ(column(*db, "PRAGMA busy_timeout"), (std::vector<std::string>{"5000"}));
}

TEST_F(DatabaseTest, InvalidPathsGiveAStatusNotACrash) {
  Result<std::unique_ptr<Database>> missing_dir = Database::open("/nonexistent-deskd-dir/sub/x.db", clock_);
  ASSERT_FALSE(missing_dir.is_ok());
  EXPECT_EQ(missing_dir.status().code(), Code::kInternal);

  Result<std::unique_ptr<Database>> directory = Database::open(std::filesystem::temp_directory_path().string(), clock_);
  ASSERT_FALSE(directory.is_ok());
  EXPECT_EQ(directory.status().code(), Code::kInternal);
}

TEST_F(DatabaseTest, ClosedDatabaseAnswersUnavailable) {
  std::unique_ptr<Database> db = open();
  ASSERT_NE(db, nullptr);
  db->close();
  db->close();
  EXPECT_EQ(db->read([](Connection&) { return Status::ok(); }).code(), Code::kUnavailable);
  EXPECT_EQ(db->write([](Connection&) { return Status::ok(); }).code(), Code::kUnavailable);
}

TEST_F(DatabaseTest, MapsSqliteErrorsToStatusCodes) {
  EXPECT_TRUE(status_from_sqlite(SQLITE_OK, "x").is_ok());
  EXPECT_EQ(status_from_sqlite(SQLITE_BUSY, "x").code(), Code::kUnavailable);
  EXPECT_EQ(status_from_sqlite(SQLITE_BUSY_SNAPSHOT, "x").code(), Code::kUnavailable);
  EXPECT_EQ(status_from_sqlite(SQLITE_LOCKED, "x").code(), Code::kUnavailable);
  EXPECT_EQ(status_from_sqlite(SQLITE_CONSTRAINT_UNIQUE, "x").code(), Code::kConflict);
  EXPECT_EQ(status_from_sqlite(SQLITE_CONSTRAINT_CHECK, "x").code(), Code::kConflict);
  EXPECT_EQ(status_from_sqlite(SQLITE_IOERR_WRITE, "x").code(), Code::kInternal);
  EXPECT_EQ(status_from_sqlite(SQLITE_CORRUPT, "x").code(), Code::kInternal);
  EXPECT_EQ(status_from_sqlite(SQLITE_BUSY, "insert", "detail").message(), "insert: database is locked (detail)");
}

TEST_F(DatabaseTest, FailedWriteRollsBackTheWholeTransaction) {
  std::unique_ptr<Database> db = open();
  ASSERT_NE(db, nullptr);
  Status status = db->write([](Connection& c) {
    for (int i = 0; i < 2; ++i) {
      Result<Statement> stmt = c.prepare("INSERT INTO settings (key, value, updated_ms) VALUES ('k', 'v', 1)");
      if (!stmt) return stmt.status();
      Status s = stmt->run();
      if (!s.is_ok()) return s;
    }
    return Status::ok();
  });
  EXPECT_EQ(status.code(), Code::kConflict);
  EXPECT_TRUE(column(*db, "SELECT key FROM settings").empty());

  Status check = db->write([](Connection& c) {
    Result<Statement> stmt = c.prepare("INSERT INTO people (email, role, created_ms) VALUES ('a@b.c', 'root', 1)");
    if (!stmt) return stmt.status();
    return stmt->run();
  });
  EXPECT_EQ(check.code(), Code::kConflict);  // CHECK constraint on role
}

TEST_F(DatabaseTest, BadSqlAndBindingsAreStatuses) {
  std::unique_ptr<Database> db = open();
  ASSERT_NE(db, nullptr);
  Status status = db->read([](Connection& c) { return c.prepare("SELEKT nonsense").status(); });
  EXPECT_EQ(status.code(), Code::kInternal);
  status = db->read([](Connection& c) { return c.prepare("SELECT 1; SELECT 2").status(); });
  EXPECT_EQ(status.code(), Code::kInternal);
  status = db->read([](Connection& c) {
    Result<Statement> stmt = c.prepare("SELECT ?");
    if (!stmt) return stmt.status();
    return stmt->bind(1, int64_t{1}).bind(2, int64_t{2}).run();  // no parameter 2
  });
  EXPECT_EQ(status.code(), Code::kInternal);
}

TEST_F(DatabaseTest, SameSqlCanBePreparedTwiceOnOneConnection) {
  std::unique_ptr<Database> db = open();
  ASSERT_NE(db, nullptr);
  std::vector<int64_t> values;
  Status status = db->read([&](Connection& c) {
    for (int round = 0; round < 3; ++round) {  // the cached handle is reused and re-bound
      Result<Statement> outer = c.prepare("SELECT ? + 1");
      if (!outer) return outer.status();
      Result<Statement> inner = c.prepare("SELECT ? + 1");  // outer holds the cached one
      if (!inner) return inner.status();
      outer->bind(1, int64_t{10 * round});
      inner->bind(1, int64_t{100 * round});
      if (!outer->step().is_ok() || !inner->step().is_ok()) return internal("step failed");
      values.push_back(outer->column_int64(0));
      values.push_back(inner->column_int64(0));
    }
    return Status::ok();
  });
  ASSERT_TRUE(status.is_ok()) << status.to_string();
  EXPECT_EQ(values, (std::vector<int64_t>{1, 1, 11, 101, 21, 201}));
}

TEST_F(DatabaseTest, ParallelReadersWithAWriterDoNotFail) {
  std::unique_ptr<Database> db = open();
  ASSERT_NE(db, nullptr);
  constexpr int kRows = 200;
  std::atomic<int> failures{0};
  std::atomic<bool> writer_done{false};
  std::mutex first_error_mu;
  std::string first_error;
  auto note = [&](const Status& s) {
    if (s.is_ok()) return;
    ++failures;
    std::lock_guard lock(first_error_mu);
    if (first_error.empty()) first_error = s.to_string();
  };

  std::thread writer([&] {
    for (int i = 0; i < kRows; ++i) {
      note(db->write([&](Connection& c) {
        Result<Statement> stmt =
            c.prepare("INSERT INTO sessions (id_hash, interface, created_ms, last_seen_ms) VALUES (?, 'portal', 1, 1)");
        if (!stmt) return stmt.status();
        return stmt->bind(1, "h" + std::to_string(i)).run();
      }));
    }
    writer_done = true;
  });
  std::vector<std::thread> readers;
  std::atomic<int> reads{0};
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&] {
      int64_t last = 0;
      while (!writer_done || reads < 40) {
        note(db->read([&](Connection& c) {
          Result<Statement> stmt = c.prepare("SELECT count(*) FROM sessions");
          if (!stmt) return stmt.status();
          Result<bool> row = stmt->step();
          if (!row) return row.status();
          int64_t n = stmt->column_int64(0);
          if (n < last) return internal("count went backwards");
          last = n;
          return Status::ok();
        }));
        ++reads;
      }
    });
  }
  writer.join();
  for (std::thread& r : readers) r.join();
  EXPECT_EQ(failures.load(), 0) << first_error;
  EXPECT_EQ(column(*db, "SELECT count(*) FROM sessions"), (std::vector<std::string>{std::to_string(kRows)}));
}

TEST_F(DatabaseTest, PoolNeverOpensMoreThanEightConnections) {
  std::unique_ptr<Database> db = open();
  ASSERT_NE(db, nullptr);
  std::atomic<int> active{0};
  std::atomic<int> peak{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 12; ++t) {
    threads.emplace_back([&] {
      Status s = db->read([&](Connection& c) {
        int now = ++active;
        int seen = peak.load();
        while (now > seen && !peak.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        --active;
        return c.exec("SELECT 1");
      });
      if (!s.is_ok()) ++failures;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_LE(peak.load(), Database::kMaxConnections);
  EXPECT_GE(peak.load(), 2);  // readers really ran in parallel
}

// A settings row as the one-statement helpers read it.
struct Setting {
  std::string key;
  std::string value;
};

Setting read_setting(const Statement& stmt) {
  return {stmt.column_text(0), stmt.column_text(1)};
}

std::string read_key(const Statement& stmt) {
  return stmt.column_text(0);
}

Binder bind_setting(std::string_view key, std::string_view value, int64_t updated_ms) {
  return [=](Statement& s) { s.bind(1, key).bind(2, value).bind(3, updated_ms); };
}

constexpr std::string_view kInsertSetting = "INSERT INTO settings (key, value, updated_ms) VALUES (?, ?, ?)";

TEST_F(DatabaseTest, QueryRowsReadsEveryRowInOrder) {
  std::unique_ptr<Database> db = open();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(insert_row(*db, kInsertSetting, bind_setting("b", "2", 1)).is_ok());
  ASSERT_TRUE(insert_row(*db, kInsertSetting, bind_setting("a", "1", 1)).is_ok());
  ASSERT_TRUE(insert_row(*db, kInsertSetting, bind_setting("c", "3", 5)).is_ok());

  Result<std::vector<Setting>> rows = query_rows(
      *db, "SELECT key, value FROM settings WHERE updated_ms = ? ORDER BY key",
      [](Statement& s) { s.bind(1, int64_t{1}); }, &read_setting);
  ASSERT_TRUE(rows.is_ok()) << rows.status().to_string();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].key, "a");
  EXPECT_EQ((*rows)[0].value, "1");
  EXPECT_EQ((*rows)[1].key, "b");
  EXPECT_EQ((*rows)[1].value, "2");

  Result<std::vector<Setting>> none = query_rows(
      *db, "SELECT key, value FROM settings WHERE key = 'zz'", [](Statement&) {}, &read_setting);
  ASSERT_TRUE(none.is_ok());
  EXPECT_TRUE(none->empty());
}

TEST_F(DatabaseTest, QueryHelpersReportBadSqlAndBindings) {
  std::unique_ptr<Database> db = open();
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(query_rows(
                *db, "SELEKT key", [](Statement&) {}, &read_key)
                .status()
                .code(),
            Code::kInternal);
  Result<std::vector<std::string>> bad_bind = query_rows(
      *db, "SELECT key FROM settings WHERE key = ?", [](Statement& s) { s.bind(2, int64_t{1}); }, &read_key);
  EXPECT_EQ(bad_bind.status().code(), Code::kInternal);
  EXPECT_EQ(query_int(*db, "SELECT ?", [](Statement& s) { s.bind(3, int64_t{1}); }).status().code(), Code::kInternal);
  EXPECT_EQ(change_one(
                *db, "UPDATE nowhere SET x = 1", [](Statement&) {}, "gone")
                .code(),
            Code::kInternal);
  db->close();
  EXPECT_EQ(query_int(*db, "SELECT 1", [](Statement&) {}).status().code(), Code::kUnavailable);
}

TEST_F(DatabaseTest, QueryOneTakesTheFirstRowOrIsNotFound) {
  std::unique_ptr<Database> db = open();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(insert_row(*db, kInsertSetting, bind_setting("k1", "v1", 1)).is_ok());
  ASSERT_TRUE(insert_row(*db, kInsertSetting, bind_setting("k2", "v2", 1)).is_ok());

  Result<Setting> first = query_one(
      *db, "SELECT key, value FROM settings ORDER BY key DESC", [](Statement&) {}, &read_setting, "none");
  ASSERT_TRUE(first.is_ok()) << first.status().to_string();
  EXPECT_EQ(first->key, "k2");

  Result<Setting> missing = query_one(
      *db, "SELECT key, value FROM settings WHERE key = ?", [](Statement& s) { s.bind(1, std::string_view("nope")); },
      &read_setting, "no such setting");
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
  EXPECT_EQ(missing.status().message(), "no such setting");
}

TEST_F(DatabaseTest, QueryIntReadsTheFirstColumnOrZero) {
  std::unique_ptr<Database> db = open();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(insert_row(*db, kInsertSetting, bind_setting("k1", "v", 7)).is_ok());
  ASSERT_TRUE(insert_row(*db, kInsertSetting, bind_setting("k2", "v", 9)).is_ok());

  Result<int64_t> n = query_int(*db, "SELECT count(*) FROM settings", [](Statement&) {});
  ASSERT_TRUE(n.is_ok());
  EXPECT_EQ(*n, 2);
  Result<int64_t> updated = query_int(*db, "SELECT updated_ms FROM settings WHERE key = ?",
                                      [](Statement& s) { s.bind(1, std::string_view("k2")); });
  ASSERT_TRUE(updated.is_ok());
  EXPECT_EQ(*updated, 9);
  Result<int64_t> none = query_int(*db, "SELECT updated_ms FROM settings WHERE key = 'zz'", [](Statement&) {});
  ASSERT_TRUE(none.is_ok());
  EXPECT_EQ(*none, 0);
}

TEST_F(DatabaseTest, InsertRowReturnsTheRowIdAndConflictOnDuplicates) {
  std::unique_ptr<Database> db = open();
  ASSERT_NE(db, nullptr);
  const std::string_view sql = "INSERT INTO people (email, role, created_ms) VALUES (?, 'user', 1)";
  Result<int64_t> first = insert_row(*db, sql, [](Statement& s) { s.bind(1, std::string_view("a@example.com")); });
  Result<int64_t> second = insert_row(*db, sql, [](Statement& s) { s.bind(1, std::string_view("b@example.com")); });
  ASSERT_TRUE(first.is_ok()) << first.status().to_string();
  ASSERT_TRUE(second.is_ok()) << second.status().to_string();
  EXPECT_GT(*first, 0);
  EXPECT_EQ(*second, *first + 1);
  Result<int64_t> again = insert_row(*db, sql, [](Statement& s) { s.bind(1, std::string_view("a@example.com")); });
  EXPECT_EQ(again.status().code(), Code::kConflict);
  EXPECT_EQ(column(*db, "SELECT count(*) FROM people"), (std::vector<std::string>{"2"}));
}

TEST_F(DatabaseTest, ChangeOneIsNotFoundWhenNoRowChanged) {
  std::unique_ptr<Database> db = open();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(insert_row(*db, kInsertSetting, bind_setting("k", "old", 1)).is_ok());
  const std::string_view sql = "UPDATE settings SET value = ? WHERE key = ?";

  Status changed = change_one(
      *db, sql, [](Statement& s) { s.bind(1, std::string_view("new")).bind(2, std::string_view("k")); }, "no such key");
  EXPECT_TRUE(changed.is_ok()) << changed.to_string();
  EXPECT_EQ(column(*db, "SELECT value FROM settings"), (std::vector<std::string>{"new"}));

  Status missing = change_one(
      *db, sql, [](Statement& s) { s.bind(1, std::string_view("x")).bind(2, std::string_view("zz")); }, "no such key");
  EXPECT_EQ(missing.code(), Code::kNotFound);
  EXPECT_EQ(missing.message(), "no such key");
}

TEST_F(DatabaseTest, ChangeRowsCountsTheChangedRows) {
  std::unique_ptr<Database> db = open();
  ASSERT_NE(db, nullptr);
  for (std::string_view key : {"a", "b", "c"}) {
    ASSERT_TRUE(insert_row(*db, kInsertSetting, bind_setting(key, "v", key == "c" ? 9 : 1)).is_ok());
  }
  Result<int64_t> removed =
      change_rows(*db, "DELETE FROM settings WHERE updated_ms = ?", [](Statement& s) { s.bind(1, int64_t{1}); });
  ASSERT_TRUE(removed.is_ok());
  EXPECT_EQ(*removed, 2);
  Result<int64_t> none =
      change_rows(*db, "DELETE FROM settings WHERE updated_ms = ?", [](Statement& s) { s.bind(1, int64_t{1}); });
  ASSERT_TRUE(none.is_ok());
  EXPECT_EQ(*none, 0);
  EXPECT_EQ(column(*db, "SELECT key FROM settings"), (std::vector<std::string>{"c"}));
}

TEST_F(DatabaseTest, WriteAccessRowsComeFromDeleteReturningAndRollBackOnFailure) {
  std::unique_ptr<Database> db = open();
  ASSERT_NE(db, nullptr);
  for (std::string_view key : {"a", "b", "c"})
    ASSERT_TRUE(insert_row(*db, kInsertSetting, bind_setting(key, "v", 1)).is_ok());

  Status failed = for_each_row(
      *db, "DELETE FROM settings WHERE key <> 'c' RETURNING key", [](Statement&) {},
      [](const Statement&) { return internal("reader gave up"); }, Access::kWrite);
  EXPECT_EQ(failed.code(), Code::kInternal);
  EXPECT_EQ(failed.message(), "reader gave up");
  EXPECT_EQ(column(*db, "SELECT key FROM settings ORDER BY key"), (std::vector<std::string>{"a", "b", "c"}));

  Result<std::vector<std::string>> removed = query_rows(
      *db, "DELETE FROM settings WHERE key <> ? RETURNING key", [](Statement& s) { s.bind(1, std::string_view("c")); },
      &read_key, Access::kWrite);
  ASSERT_TRUE(removed.is_ok()) << removed.status().to_string();
  std::vector<std::string> keys = *removed;
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(column(*db, "SELECT key FROM settings"), (std::vector<std::string>{"c"}));
}

TEST_F(DatabaseTest, RowExistsOnAHeldConnection) {
  std::unique_ptr<Database> db = open();
  ASSERT_NE(db, nullptr);
  Result<int64_t> id =
      insert_row(*db, "INSERT INTO people (email, role, created_ms) VALUES ('a@b.c', 'user', 1)", [](Statement&) {});
  ASSERT_TRUE(id.is_ok());
  std::vector<bool> seen;
  Status status = db->read([&](Connection& c) {
    for (int64_t probe : {*id, *id + 1}) {
      Result<bool> found = row_exists(c, "SELECT 1 FROM people WHERE id = ?", probe);
      if (!found) return found.status();
      seen.push_back(*found);
    }
    return Status::ok();
  });
  ASSERT_TRUE(status.is_ok()) << status.to_string();
  EXPECT_EQ(seen, (std::vector<bool>{true, false}));
}

// Writes `rows` rows of `bytes` each to a scratch table, one transaction per row.
void fill(Database& db, int rows, size_t bytes) {
  ASSERT_TRUE(db.write([](Connection& c) { return c.exec("CREATE TABLE IF NOT EXISTS scratch (b BLOB)"); }).is_ok());
  for (int i = 0; i < rows; ++i) {
    Status s = db.write([&](Connection& c) {
      return c.exec("INSERT INTO scratch (b) VALUES (randomblob(" + std::to_string(bytes) + "))");
    });
    ASSERT_TRUE(s.is_ok()) << s.to_string();
  }
}

TEST_F(DatabaseTest, EveryConnectionLimitsTheWalSize) {
  DatabaseOptions options;
  options.wal_size_limit_bytes = 123456;
  Result<std::unique_ptr<Database>> db = open_database(path_, clock_, options);
  ASSERT_TRUE(db.is_ok()) << db.status().to_string();
  EXPECT_EQ(column(**db, "PRAGMA journal_size_limit"), std::vector<std::string>{"123456"});
}

TEST_F(DatabaseTest, CheckpointTruncatesAnOversizeWalWhenThePoolIsIdle) {
  DatabaseOptions options;
  options.wal_size_limit_bytes = 64 * 1024;
  Result<std::unique_ptr<Database>> db = open_database(path_, clock_, options);
  ASSERT_TRUE(db.is_ok());
  // A reader that stays open keeps SQLite's own checkpoints from restarting the WAL, as
  // constant traffic does: the WAL grows past the limit.
  sqlite3* reader = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path_.c_str(), &reader, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM schema_migrations;", nullptr, nullptr, nullptr),
            SQLITE_OK);
  fill(**db, 200, 8 * 1024);
  EXPECT_GT((*db)->wal_bytes(), 1024 * 1024);
  // While the reader holds its snapshot, TRUNCATE cannot finish: counted as busy, no error.
  ASSERT_TRUE((*db)->checkpoint().is_ok());
  EXPECT_EQ((*db)->checkpoint_counts().busy, 1u);
  EXPECT_GT((*db)->wal_bytes(), 1024 * 1024);
  sqlite3_exec(reader, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close_v2(reader);
  // Load gone, nothing written since: the next checkpoint empties the WAL file.
  ASSERT_TRUE((*db)->checkpoint().is_ok());
  EXPECT_EQ((*db)->checkpoint_counts().truncated, 1u);
  EXPECT_EQ((*db)->wal_bytes(), 0);
  EXPECT_EQ(column(**db, "SELECT count(*) FROM scratch"), std::vector<std::string>{"200"});
  // Under the limit, checkpoints are PASSIVE and never block.
  fill(**db, 2, 1024);
  ASSERT_TRUE((*db)->checkpoint().is_ok());
  EXPECT_EQ((*db)->checkpoint_counts().passive, 1u);
}

TEST_F(DatabaseTest, TheCheckpointThreadShrinksTheWalByItself) {
  DatabaseOptions options;
  options.wal_size_limit_bytes = 0;
  options.checkpoint_interval_ms = 20;
  Result<std::unique_ptr<Database>> db = open_database(path_, clock_, options);
  ASSERT_TRUE(db.is_ok());
  fill(**db, 50, 8 * 1024);
  // The file is cut just before the thread counts the checkpoint: wait for both.
  auto done = [&] { return (*db)->wal_bytes() == 0 && (*db)->checkpoint_counts().truncated >= 1; };
  for (int i = 0; i < 250 && !done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ((*db)->wal_bytes(), 0);
  EXPECT_GE((*db)->checkpoint_counts().truncated, 1u);
  (*db)->close();  // stops the thread
  const uint64_t after = (*db)->checkpoint_counts().truncated + (*db)->checkpoint_counts().passive;
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ((*db)->checkpoint_counts().truncated + (*db)->checkpoint_counts().passive, after);
}

}  // namespace
}  // namespace deskd::storage::sqlite
