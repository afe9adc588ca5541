#include "privacy/retention_job.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <thread>

#include "storage/sqlite/sqlite_storage.h"

namespace deskd::privacy {
namespace {

constexpr int64_t kDayMs = 86'400'000;

class RetentionJobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("deskd-retention-" + std::to_string(rd()) + ".db");
    auto s = storage::sqlite::open_sqlite_storage(path_.string(), clock_);
    ASSERT_TRUE(s.is_ok()) << s.status().to_string();
    storage_ = std::move(*s);
  }
  void TearDown() override {
    storage_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }
  void view(const std::string& visitor, int64_t at_ms) {
    storage::PageView v;
    v.visitor_id = visitor;
    v.path = "/kb";
    v.at_ms = at_ms;
    ASSERT_TRUE(storage_->page_views().record_page_views({v}).is_ok());
  }
  size_t views_of(const std::string& visitor) {
    auto views = storage_->page_views().recent_page_views(visitor, 100);
    EXPECT_TRUE(views.is_ok());
    return views.is_ok() ? views->size() : 0;
  }

  ManualClock clock_;
  std::filesystem::path path_;
  std::unique_ptr<storage::Storage> storage_;
};

TEST_F(RetentionJobTest, RunsWithTheSettingsOfTheMomentAndPrunesWhatIsOlder) {
  const std::string old_visitor(32, 'O'), recent_visitor(32, 'R');
  view(old_visitor, clock_.now_ms() - 11 * kDayMs);
  view(recent_visitor, clock_.now_ms() - 9 * kDayMs);
  Settings settings;
  settings.visitor_retention_days = 10;
  SettingsHub hub(settings);
  {
    RetentionJob job(*storage_, hub, clock_, std::chrono::milliseconds(1), std::chrono::hours(24));
    for (int i = 0; i < 500 && job.runs() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_EQ(job.runs(), 1u);
    EXPECT_EQ(job.failures(), 0u);
  }  // stops without waiting for the next day
  EXPECT_EQ(views_of(old_visitor), 0u);
  EXPECT_EQ(views_of(recent_visitor), 1u);
}

}  // namespace
}  // namespace deskd::privacy
