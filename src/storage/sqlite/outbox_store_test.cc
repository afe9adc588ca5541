#include "storage/sqlite/outbox_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <system_error>

#include "core/clock.h"
#include "storage/sqlite/sqlite_storage.h"

namespace deskd::storage::sqlite {
namespace {

class SqliteOutboxStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    std::uniform_int_distribution<uint64_t> dist;
    path_ = (std::filesystem::temp_directory_path() / ("deskd-outbox-" + std::to_string(dist(rd)) + ".db")).string();
    Result<std::unique_ptr<Database>> db = open_database(path_, clock_);
    ASSERT_TRUE(db.is_ok()) << db.status().to_string();
    db_ = std::move(*db);
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix, ec);
  }

  ManualClock clock_{1'000'000};
  std::string path_;
  std::unique_ptr<Database> db_;
};

TEST_F(SqliteOutboxStoreTest, RejectsMissingRecipientZeroSentTimeAndNegativeLimits) {
  SqliteOutboxStore store(*db_);
  OutboxMail m;
  m.subject = "no one";
  EXPECT_EQ(store.enqueue(m).code(), Code::kInvalidArgument);
  EXPECT_EQ(m.id, 0);
  m.to = "a@example.com";
  ASSERT_TRUE(store.enqueue(m).is_ok());
  EXPECT_EQ(store.mark_sent(m.id, 0).code(), Code::kInvalidArgument);
  EXPECT_EQ(store.pending(-1).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(store.recent(-1).status().code(), Code::kInvalidArgument);
  Result<std::vector<OutboxMail>> pending = store.pending(10);
  ASSERT_TRUE(pending.is_ok());
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ(pending->front().id, m.id);
}

}  // namespace
}  // namespace deskd::storage::sqlite
