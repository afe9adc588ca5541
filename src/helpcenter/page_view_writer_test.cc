#include "helpcenter/page_view_writer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <thread>

namespace deskd::helpcenter {
namespace {

using namespace std::chrono_literals;

storage::PageView view(int n) {
  storage::PageView v;
  v.visitor_id = "visitor";
  v.path = "/kb/articles/" + std::to_string(n);
  v.at_ms = n;
  return v;
}

// Records every batch the writer hands it; can be told to fail or to block.
struct FakeSink {
  std::mutex mu;
  std::vector<std::vector<storage::PageView>> batches;
  std::vector<std::thread::id> threads;
  bool fail = false;

  PageViewWriter::Sink sink() {
    return [this](const std::vector<storage::PageView>& batch) -> Status {
      std::lock_guard lock(mu);
      threads.push_back(std::this_thread::get_id());
      if (fail) return unavailable("disk busy");
      batches.push_back(batch);
      return Status::ok();
    };
  }
  size_t rows() {
    std::lock_guard lock(mu);
    size_t n = 0;
    for (const auto& b : batches) n += b.size();
    return n;
  }
};

bool eventually(const std::function<bool()>& cond, std::chrono::milliseconds within = 3000ms) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return cond();
}

TEST(PageViewWriter, FlushesOnTheIntervalInOrder) {
  FakeSink fake;
  PageViewWriter writer(fake.sink(), {.interval = 20ms, .batch_rows = 1000, .max_queued = 100});
  writer.start();
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(writer.record(view(i)));
  ASSERT_TRUE(eventually([&] { return fake.rows() == 3; }));
  {
    std::lock_guard lock(fake.mu);
    std::vector<std::string> paths;
    for (const auto& b : fake.batches)
      for (const auto& v : b) paths.push_back(v.path);
    EXPECT_EQ(paths, (std::vector<std::string>{"/kb/articles/0", "/kb/articles/1", "/kb/articles/2"}));
    EXPECT_NE(fake.threads.front(), std::this_thread::get_id());
  }
  EXPECT_EQ(writer.written(), 3u);
  EXPECT_EQ(writer.queued(), 0u);
  writer.stop();
}

TEST(PageViewWriter, AFullBatchIsWrittenWithoutWaitingForTheInterval) {
  FakeSink fake;
  PageViewWriter writer(fake.sink(), {.interval = 60'000ms, .batch_rows = 4, .max_queued = 100});
  writer.start();
  for (int i = 0; i < 4; ++i) writer.record(view(i));
  ASSERT_TRUE(eventually([&] { return fake.rows() == 4; }, 2000ms));
  writer.stop();
}

TEST(PageViewWriter, BatchesNeverExceedBatchRows) {
  FakeSink fake;
  PageViewWriter writer(fake.sink(), {.interval = 60'000ms, .batch_rows = 3, .max_queued = 100});
  for (int i = 0; i < 8; ++i) writer.record(view(i));  // not started: all queued
  EXPECT_EQ(writer.queued(), 8u);
  writer.stop();
  std::lock_guard lock(fake.mu);
  ASSERT_EQ(fake.batches.size(), 3u);
  EXPECT_EQ(fake.batches[0].size(), 3u);
  EXPECT_EQ(fake.batches[1].size(), 3u);
  EXPECT_EQ(fake.batches[2].size(), 2u);
}

TEST(PageViewWriter, StopFlushesEverythingQueuedAndLaterViewsAreDropped) {
  FakeSink fake;
  PageViewWriter writer(fake.sink(), {.interval = 60'000ms, .batch_rows = 1000, .max_queued = 100});
  writer.start();
  for (int i = 0; i < 5; ++i) writer.record(view(i));
  writer.stop();
  EXPECT_EQ(fake.rows(), 5u);
  EXPECT_EQ(writer.written(), 5u);
  EXPECT_FALSE(writer.record(view(9)));
  EXPECT_EQ(writer.dropped(), 1u);
  writer.stop();  // idempotent
  EXPECT_EQ(fake.rows(), 5u);
}

TEST(PageViewWriter, AFullQueueDropsAndCounts) {
  FakeSink fake;
  PageViewWriter writer(fake.sink(), {.interval = 60'000ms, .batch_rows = 1000, .max_queued = 3});
  int accepted = 0;
  for (int i = 0; i < 5; ++i) accepted += writer.record(view(i)) ? 1 : 0;
  EXPECT_EQ(accepted, 3);
  EXPECT_EQ(writer.dropped(), 2u);
  EXPECT_EQ(writer.queued(), 3u);
  writer.stop();
  EXPECT_EQ(fake.rows(), 3u);
}

TEST(PageViewWriter, AFailedBatchIsCountedAsDropped) {
  FakeSink fake;
  fake.fail = true;
  PageViewWriter writer(fake.sink(), {.interval = 60'000ms, .batch_rows = 1000, .max_queued = 100});
  writer.record(view(1));
  writer.record(view(2));
  writer.stop();
  EXPECT_EQ(writer.written(), 0u);
  EXPECT_EQ(writer.dropped(), 2u);
}

TEST(PageViewWriter, ManyThreadsRecordConcurrentlyAndNothingIsLost) {
  FakeSink fake;
  PageViewWriter writer(fake.sink(), {.interval = 5ms, .batch_rows = 50, .max_queued = 100'000});
  writer.start();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) writer.record(view(i));
    });
  for (auto& t : threads) t.join();
  writer.stop();
  EXPECT_EQ(fake.rows(), 2000u);
  EXPECT_EQ(writer.written(), 2000u);
  EXPECT_EQ(writer.dropped(), 0u);
  std::lock_guard lock(fake.mu);
  for (const auto& b : fake.batches) EXPECT_LE(b.size(), 50u);
}

}  // namespace
}  // namespace deskd::helpcenter
