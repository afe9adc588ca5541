#include "storage/postgres/database.h"

#include <gtest/gtest.h>

#include <latch>
#include <thread>
#include <vector>

#include "storage/postgres/pg_storage.h"
#include "storage/postgres/test_server.h"

namespace deskd::storage::postgres {
namespace {

TEST(PgStatus, OneMappingFromSqlstate) {
  EXPECT_EQ(status_from_sqlstate("23505", "x", "").code(), Code::kConflict);
  EXPECT_EQ(status_from_sqlstate("23503", "x", "").code(), Code::kConflict);
  EXPECT_EQ(status_from_sqlstate("08006", "x", "").code(), Code::kUnavailable);
  EXPECT_EQ(status_from_sqlstate("57P01", "x", "").code(), Code::kUnavailable);
  EXPECT_EQ(status_from_sqlstate("53300", "x", "").code(), Code::kUnavailable);
  EXPECT_EQ(status_from_sqlstate("40001", "x", "").code(), Code::kUnavailable);
  EXPECT_EQ(status_from_sqlstate("40P01", "x", "").code(), Code::kUnavailable);
  EXPECT_EQ(status_from_sqlstate("22021", "x", "").code(), Code::kInvalidArgument);
  EXPECT_EQ(status_from_sqlstate("42P01", "x", "").code(), Code::kInternal);
  EXPECT_EQ(status_from_sqlstate("23505", "insert", "duplicate key").message(), "insert: duplicate key [23505]");
}

TEST(PgStatus, UrlsAreRedacted) {
  EXPECT_EQ(redact_url("postgresql://deskd:s3cret@db:5432/deskd"), "postgresql://deskd:***@db:5432/deskd");
  EXPECT_EQ(redact_url("postgresql://deskd@db/deskd"), "postgresql://deskd@db/deskd");
  EXPECT_EQ(redact_url("host=db password=s3cret dbname=x"), "host=db password=*** dbname=x");
}

TEST(PgDatabase, UnreachableServerIsUnavailableWithoutThePassword) {
  static const ManualClock clock;
  Result<std::unique_ptr<Storage>> storage =
      open_postgres_storage("postgresql://deskd:s3cret@127.0.0.1:1/deskd", clock);
  ASSERT_FALSE(storage.is_ok());
  EXPECT_EQ(storage.status().code(), Code::kUnavailable);
  EXPECT_EQ(storage.status().message().find("s3cret"), std::string::npos) << storage.status().message();
}

// Tests against the server of DESKD_TEST_POSTGRES_URL, each in a fresh schema.
class PgDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::optional<std::string> base = testing::test_postgres_url();
    if (!base) GTEST_SKIP() << testing::kSkipMessage;
    schema_ = std::make_unique<testing::ScratchSchema>(*base);
    ASSERT_EQ(schema_->error(), "");
  }

  std::unique_ptr<Database> open(DatabaseOptions options = {},
                                 std::span<const Migration> migrations = embedded_migrations()) {
    Result<std::unique_ptr<Database>> db = Database::open(schema_->url(), clock_, migrations, options);
    EXPECT_TRUE(db.is_ok()) << db.status().to_string();
    return db.is_ok() ? std::move(*db) : nullptr;
  }

  // Terminates the server process behind connection `pid` from outside.
  void terminate(int64_t pid) {
    ASSERT_EQ(testing::run_admin_sql(schema_->url(), "SELECT pg_terminate_backend(" + std::to_string(pid) + ")"), "");
  }

  static Result<int64_t> backend_pid(Connection& c) {
    Result<Statement> stmt = c.prepare("SELECT pg_backend_pid()");
    if (!stmt) return stmt.status();
    Result<bool> row = stmt->step();
    if (!row) return row.status();
    return stmt->column_int64(0);
  }

  ManualClock clock_;
  std::unique_ptr<testing::ScratchSchema> schema_;
};

TEST_F(PgDatabaseTest, NodesStartingTogetherMigrateOnce) {
  constexpr int kNodes = 6;
  std::vector<std::unique_ptr<Database>> nodes(kNodes);
  std::vector<Status> results(kNodes);
  std::latch start(kNodes);
  std::vector<std::thread> threads;
  for (int i = 0; i < kNodes; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      Result<std::unique_ptr<Database>> db = Database::open(schema_->url(), clock_);
      results[i] = db.status();
      if (db) nodes[i] = std::move(*db);
    });
  }
  for (auto& t : threads) t.join();
  for (const Status& s : results) EXPECT_TRUE(s.is_ok()) << s.to_string();
  ASSERT_NE(nodes[0], nullptr);
  Result<int64_t> rows = query_int(*nodes[0], "SELECT count(*) FROM schema_migrations", [](Statement&) {});
  ASSERT_TRUE(rows.is_ok());
  EXPECT_EQ(*rows, static_cast<int64_t>(embedded_migrations().size()));
}

TEST_F(PgDatabaseTest, AFailedMigrationRollsBackAndIsRetriedNextStart) {
  const Migration broken[] = {{1, "0001_a.sql", "CREATE TABLE a (x INTEGER);"},
                              {2, "0002_b.sql", "CREATE TABLE b (x INTEGER); SELECT no_such_function();"}};
  Result<std::unique_ptr<Database>> db = Database::open(schema_->url(), clock_, broken);
  ASSERT_FALSE(db.is_ok());
  EXPECT_NE(db.status().message().find("0002_b.sql"), std::string::npos) << db.status().message();

  const Migration fixed[] = {{1, "0001_a.sql", "CREATE TABLE a (x INTEGER);"},
                             {2, "0002_b.sql", "CREATE TABLE b (x INTEGER);"}};
  std::unique_ptr<Database> again = open({}, fixed);
  ASSERT_NE(again, nullptr);
  Result<int64_t> versions = query_int(*again, "SELECT sum(version) FROM schema_migrations", [](Statement&) {});
  EXPECT_EQ(*versions, 3);
}

TEST_F(PgDatabaseTest, ASchemaNewerThanTheBinaryIsRefused) {
  std::unique_ptr<Database> db = open();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(change_rows(*db, "INSERT INTO schema_migrations (version, applied_ms) VALUES (9999, 1)", [](Statement&) {
              }).is_ok());
  Result<std::unique_ptr<Database>> newer = Database::open(schema_->url(), clock_);
  ASSERT_FALSE(newer.is_ok());
  EXPECT_EQ(newer.status().code(), Code::kInternal);
}

TEST_F(PgDatabaseTest, WriteRollsBackOnEarlyReturnAndOnAnIgnoredFailure) {
  std::unique_ptr<Database> db = open();
  ASSERT_NE(db, nullptr);
  auto insert = [](Connection& c, std::string_view key) {
    Result<Statement> s = c.prepare("INSERT INTO settings (key, value, updated_ms) VALUES ($1, 'v', 1)");
    return s ? s->bind(1, key).run() : s.status();
  };
  Status early = db->write([&](Connection& c) {
    EXPECT_TRUE(insert(c, "early").is_ok());
    return conflict("changed my mind");
  });
  EXPECT_EQ(early.code(), Code::kConflict);
  Status ignored = db->write([&](Connection& c) {
    EXPECT_TRUE(insert(c, "ignored").is_ok());
    (void)insert(c, "ignored");  // unique violation; the transaction is aborted
    return Status::ok();
  });
  EXPECT_FALSE(ignored.is_ok());
  Result<int64_t> rows = query_int(*db, "SELECT count(*) FROM settings", [](Statement&) {});
  EXPECT_EQ(*rows, 0);
  // The connection went back to the pool clean.
  EXPECT_TRUE(db->write([&](Connection& c) { return insert(c, "later"); }).is_ok());
}

TEST_F(PgDatabaseTest, ErrorsMapToStatusCodes) {
  std::unique_ptr<Database> db = open();
  ASSERT_NE(db, nullptr);
  const std::string_view sql = "INSERT INTO settings (key, value, updated_ms) VALUES ($1, $2, 1)";
  EXPECT_TRUE(change_rows(*db, sql, [](Statement& s) { s.bind(1, "k").bind(2, "v"); }).is_ok());
  EXPECT_EQ(change_rows(*db, sql, [](Statement& s) { s.bind(1, "k").bind(2, "v"); }).status().code(), Code::kConflict);
  EXPECT_EQ(change_rows(*db, sql, [](Statement& s) { s.bind(1, "bad\xFF").bind(2, "v"); }).status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(change_rows(*db, sql, [](Statement& s) { s.bind(1, std::string_view("nul\0x", 5)).bind(2, "v"); })
                .status()
                .code(),
            Code::kInvalidArgument);
  EXPECT_EQ(change_rows(*db, "SELECT * FROM no_such_table", [](Statement&) {}).status().code(), Code::kInternal);
}

TEST_F(PgDatabaseTest, AFullPoolAnswersUnavailableAfterTheTimeout) {
  DatabaseOptions options;
  options.max_connections = 1;
  options.acquire_timeout_ms = 100;
  std::unique_ptr<Database> db = open(options);
  ASSERT_NE(db, nullptr);
  std::latch held(1), done(1);
  std::thread holder([&] {
    Status s = db->read([&](Connection&) {
      held.count_down();
      done.wait();
      return Status::ok();
    });
    EXPECT_TRUE(s.is_ok());
  });
  held.wait();
  Status waited = db->read([](Connection&) { return Status::ok(); });
  done.count_down();
  holder.join();
  EXPECT_EQ(waited.code(), Code::kUnavailable) << waited.to_string();
  EXPECT_EQ(db->pool_counts().timeouts, 1u);
  EXPECT_EQ(db->pool_counts().open, 1);
  EXPECT_TRUE(db->read([](Connection&) { return Status::ok(); }).is_ok());
}

TEST_F(PgDatabaseTest, ADeadIdleConnectionIsReplacedTransparently) {
  DatabaseOptions options;
  options.max_connections = 1;
  std::unique_ptr<Database> db = open(options);
  ASSERT_NE(db, nullptr);
  int64_t pid = 0;
  ASSERT_TRUE(db->read([&](Connection& c) {
                  Result<int64_t> p = backend_pid(c);
                  pid = p.is_ok() ? *p : 0;
                  return p.status();
                }).is_ok());
  terminate(pid);
  // The pooled connection is dead; the lease's first command notices and the
  // lease retries once on a fresh connection.
  int64_t next_pid = 0;
  Status s = db->read([&](Connection& c) {
    Result<int64_t> p = backend_pid(c);
    next_pid = p.is_ok() ? *p : 0;
    return p.status();
  });
  EXPECT_TRUE(s.is_ok()) << s.to_string();
  EXPECT_NE(next_pid, pid);
  EXPECT_EQ(db->pool_counts().broken, 1u);
}

TEST_F(PgDatabaseTest, ConnectionLossInsideATransactionIsUnavailableAndThePoolRecovers) {
  DatabaseOptions options;
  options.max_connections = 1;
  std::unique_ptr<Database> db = open(options);
  ASSERT_NE(db, nullptr);
  Status lost = db->write([&](Connection& c) {
    Result<int64_t> pid = backend_pid(c);
    if (!pid) return pid.status();
    terminate(*pid);
    Result<Statement> s = c.prepare("INSERT INTO settings (key, value, updated_ms) VALUES ('k', 'v', 1)");
    return s ? s->run() : s.status();
  });
  EXPECT_EQ(lost.code(), Code::kUnavailable) << lost.to_string();
  EXPECT_EQ(db->pool_counts().open, 0);
  EXPECT_TRUE(change_rows(*db, "INSERT INTO settings (key, value, updated_ms) VALUES ('k', 'v', 1)", [](Statement&) {
              }).is_ok());
  EXPECT_EQ(*query_int(*db, "SELECT count(*) FROM settings", [](Statement&) {}), 1);
}

TEST_F(PgDatabaseTest, RememberRotationRacingOnTwoNodesHasExactlyOneWinner) {
  Result<std::unique_ptr<Storage>> node_a = open_postgres_storage(schema_->url(), clock_);
  Result<std::unique_ptr<Storage>> node_b = open_postgres_storage(schema_->url(), clock_);
  ASSERT_TRUE(node_a.is_ok() && node_b.is_ok());
  Storage* nodes[] = {node_a->get(), node_b->get()};
  NewPerson p;
  p.email = "race@example.com";
  Result<Person> person = nodes[0]->people().create(p);
  ASSERT_TRUE(person.is_ok());
  constexpr int kThreads = 8;
  for (int round = 0; round < 5; ++round) {
    RememberToken t;
    t.selector = "race-" + std::to_string(round);
    t.validator_hash = "vh-" + t.selector;
    t.person_id = person->id;
    t.audience = RememberAudience::kUser;
    t.expires_ms = 9'000'000;
    ASSERT_TRUE(nodes[0]->remember().insert(t).is_ok());
    std::vector<Code> codes(kThreads);
    std::latch start(kThreads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        codes[i] =
            nodes[i % 2]->remember().rotate(t.id, t.validator_hash, "winner-" + std::to_string(i), 2000 + i).code();
      });
    }
    for (auto& th : threads) th.join();
    int winners = 0;
    for (Code c : codes) {
      if (c == Code::kOk)
        ++winners;
      else
        EXPECT_EQ(c, Code::kConflict) << code_name(c);
    }
    EXPECT_EQ(winners, 1) << "round " << round;
  }
}

TEST_F(PgDatabaseTest, ChatMessageIdsFollowCommitOrderAcrossNodes) {
  Result<std::unique_ptr<Storage>> node_a = open_postgres_storage(schema_->url(), clock_);
  Result<std::unique_ptr<Storage>> node_b = open_postgres_storage(schema_->url(), clock_);
  ASSERT_TRUE(node_a.is_ok() && node_b.is_ok());
  Storage* nodes[] = {node_a->get(), node_b->get()};
  NewChat spec;
  spec.visitor_id = "visitor";
  spec.created_ms = 1;
  Result<Chat> chat = nodes[0]->chats().create(spec);
  ASSERT_TRUE(chat.is_ok());
  // Writers on both nodes while a reader follows the cursor: every message
  // must be seen exactly once, in id order.
  constexpr int kWriters = 4, kEach = 25;
  std::atomic<bool> writing{true};
  std::vector<int64_t> seen;
  std::thread reader([&] {
    int64_t cursor = 0;
    for (bool last = false; !last;) {
      last = !writing.load();
      Result<std::vector<ChatMessage>> page = nodes[1]->chats().messages_after({chat->id}, cursor, 1000);
      ASSERT_TRUE(page.is_ok());
      for (const ChatMessage& m : *page) {
        seen.push_back(m.id);
        cursor = m.id;
      }
    }
  });
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kEach; ++i) {
        ChatMessage m;
        m.chat_id = chat->id;
        m.body = std::to_string(w) + "/" + std::to_string(i);
        m.at_ms = 2;
        EXPECT_TRUE(nodes[w % 2]->chats().add_message(m).is_ok());
      }
    });
  }
  for (auto& t : writers) t.join();
  writing = false;
  reader.join();
  EXPECT_EQ(seen.size(), static_cast<size_t>(kWriters * kEach));
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
}

}  // namespace
}  // namespace deskd::storage::postgres
