#include "session/watch.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace deskd::session {
namespace {

TEST(SessionWatchersTest, RunsOnceByHashOrRow) {
  SessionWatchers w;
  int a = 0, b = 0, c = 0;
  auto wa = w.watch("hash-a", 1, [&] { ++a; });
  auto wb = w.watch("hash-b", 2, [&] { ++b; });
  auto wc = w.watch("hash-c", 3, [&] { ++c; });
  EXPECT_EQ(w.size(), 3u);
  w.ended("hash-a");
  w.ended("hash-a");
  w.ended_row(2);
  w.ended(std::vector<std::string>{"hash-x", "hash-c"});
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, 1);
  EXPECT_EQ(c, 1);
  EXPECT_EQ(w.size(), 0u);
}

TEST(SessionWatchersTest, SeveralWatchersOfOneSessionAllRun) {
  SessionWatchers w;
  int runs = 0;
  auto one = w.watch("h", 7, [&] { ++runs; });
  auto two = w.watch("h", 7, [&] { ++runs; });
  w.ended_row(7);
  EXPECT_EQ(runs, 2);
}

TEST(SessionWatchersTest, EmptyKeysMatchNothing) {
  SessionWatchers w;
  int runs = 0;
  auto anonymous = w.watch("", 0, [&] { ++runs; });
  w.ended(std::string_view());
  w.ended_row(0);
  EXPECT_EQ(runs, 0);
  EXPECT_EQ(w.size(), 1u);
}

TEST(SessionWatchersTest, DestroyingOrMovingTheHandleUnregisters) {
  SessionWatchers w;
  int runs = 0;
  {
    auto gone = w.watch("h", 1, [&] { ++runs; });
  }
  EXPECT_EQ(w.size(), 0u);
  SessionWatch kept = w.watch("h", 1, [&] { ++runs; });
  SessionWatch moved = std::move(kept);
  kept.reset();  // NOLINT(bugprone-use-after-move): a moved-from handle holds nothing
  EXPECT_EQ(w.size(), 1u);
  moved = SessionWatch();
  EXPECT_EQ(w.size(), 0u);
  w.ended("h");
  EXPECT_EQ(runs, 0);
}

TEST(SessionWatchersTest, AHandleMayOutliveTheWatchers) {
  SessionWatch handle;
  {
    SessionWatchers w;
    handle = w.watch("h", 1, [] {});
  }
  handle.reset();  // nothing left to unregister from
}

TEST(SessionWatchersTest, ConcurrentWatchAndEnd) {
  SessionWatchers w;
  std::atomic<int> runs{0};
  std::vector<SessionWatch> handles;
  for (int i = 0; i < 200; ++i) handles.push_back(w.watch("h" + std::to_string(i), i + 1, [&] { ++runs; }));
  std::thread ender([&] {
    for (int i = 0; i < 200; i += 2) w.ended("h" + std::to_string(i));
  });
  std::thread rower([&] {
    for (int i = 1; i < 200; i += 2) w.ended_row(i + 1);
  });
  ender.join();
  rower.join();
  EXPECT_EQ(runs.load(), 200);
  handles.clear();
  EXPECT_EQ(w.size(), 0u);
}

}  // namespace
}  // namespace deskd::session
