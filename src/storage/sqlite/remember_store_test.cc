#include "storage/sqlite/remember_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <system_error>

#include "core/clock.h"
#include "storage/sqlite/people_store.h"
#include "storage/sqlite/sqlite_storage.h"

namespace deskd::storage::sqlite {
namespace {

// People have no delete in the PeopleStore interface, so the cascade is
// checked here with SQL against the SQLite schema.
class SqliteRememberStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    std::uniform_int_distribution<uint64_t> dist;
    path_ = (std::filesystem::temp_directory_path() / ("deskd-remember-" + std::to_string(dist(rd)) + ".db")).string();
    Result<std::unique_ptr<Database>> db = open_database(path_, clock_);
    ASSERT_TRUE(db.is_ok()) << db.status().to_string();
    db_ = std::move(*db);
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix, ec);
  }

  int64_t create_person(const std::string& email) {
    SqlitePeopleStore people(*db_);
    NewPerson p;
    p.email = email;
    Result<Person> created = people.create(p);
    EXPECT_TRUE(created.is_ok()) << created.status().to_string();
    return created.is_ok() ? created->id : 0;
  }

  RememberToken insert_token(SqliteRememberStore& store, const std::string& selector, int64_t person_id) {
    RememberToken t;
    t.selector = selector;
    t.validator_hash = "vh-" + selector;
    t.person_id = person_id;
    t.audience = RememberAudience::kUser;
    t.created_ms = 1'000;
    t.expires_ms = 2'000'000;
    t.last_used_ms = 1'000;
    Status s = store.insert(t);
    EXPECT_TRUE(s.is_ok()) << s.to_string();
    return t;
  }

  ManualClock clock_{1'000'000};
  std::string path_;
  std::unique_ptr<Database> db_;
};

TEST_F(SqliteRememberStoreTest, DeletingAPersonDeletesTheirTokens) {
  SqliteRememberStore store(*db_);
  int64_t gone = create_person("gone@example.com");
  int64_t kept = create_person("kept@example.com");
  insert_token(store, "g1", gone);
  insert_token(store, "g2", gone);
  insert_token(store, "k1", kept);

  Status deleted = db_->write([&](Connection& c) {
    Result<Statement> stmt = c.prepare("DELETE FROM people WHERE id = ?");
    if (!stmt) return stmt.status();
    return stmt->bind(1, gone).run();
  });
  ASSERT_TRUE(deleted.is_ok()) << deleted.to_string();

  EXPECT_EQ(store.find_by_selector("g1").status().code(), Code::kNotFound);
  EXPECT_EQ(store.find_by_selector("g2").status().code(), Code::kNotFound);
  EXPECT_TRUE(store.list_by_person(gone)->empty());
  EXPECT_TRUE(store.find_by_selector("k1").is_ok());
}

TEST_F(SqliteRememberStoreTest, RejectsEmptySelectorOrHashesAndNegativePaging) {
  SqliteRememberStore store(*db_);
  int64_t person = create_person("p@example.com");
  RememberToken t = insert_token(store, "s", person);
  RememberToken empty;
  empty.validator_hash = "vh";
  empty.person_id = person;
  empty.audience = RememberAudience::kUser;
  EXPECT_EQ(store.insert(empty).code(), Code::kInvalidArgument);
  empty.selector = "s2";
  empty.validator_hash.clear();
  EXPECT_EQ(store.insert(empty).code(), Code::kInvalidArgument);
  EXPECT_EQ(store.rotate(t.id, "vh-s", "", 5).code(), Code::kInvalidArgument);
  EXPECT_EQ(store.rotate(t.id, "", "new", 5).code(), Code::kInvalidArgument);
  EXPECT_EQ(store.list_all(-1, 0).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(store.list_all(1, -1).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(store.find_by_selector("s")->validator_hash, "vh-s");
}

}  // namespace
}  // namespace deskd::storage::sqlite
