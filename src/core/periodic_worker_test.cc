#include "core/periodic_worker.h"

#include <gtest/gtest.h>

#include <atomic>

namespace deskd {
namespace {

using namespace std::chrono_literals;

// Waits (a bounded time) until `pred` holds.
template <class Pred>
bool eventually(Pred pred) {
  for (int i = 0; i < 2000 && !pred(); ++i) std::this_thread::sleep_for(5ms);
  return pred();
}

TEST(PeriodicWorkerTest, RunsEveryIntervalUntilStopped) {
  std::atomic<int> runs{0};
  PeriodicWorker worker(10ms, [&] { ++runs; });
  worker.start();
  EXPECT_TRUE(eventually([&] { return runs >= 3; }));
  worker.stop();
  const int after_stop = runs;
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(runs, after_stop) << "no run after stop() returned";
  worker.stop();  // idempotent
  worker.start();  // no restart after stop
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(runs, after_stop);
}

TEST(PeriodicWorkerTest, StopDoesNotWaitForTheInterval) {
  std::atomic<int> runs{0};
  PeriodicWorker worker(1h, [&] { ++runs; });
  worker.start();
  const auto t0 = std::chrono::steady_clock::now();
  worker.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
  EXPECT_EQ(runs, 0) << "the first run is one interval away by default";
}

TEST(PeriodicWorkerTest, ZeroFirstDelayRunsAtOnceAndWakeRunsNow) {
  std::atomic<int> runs{0};
  PeriodicWorker worker(1h, [&] { ++runs; }, 0ms);
  worker.start();
  EXPECT_TRUE(eventually([&] { return runs == 1; }));
  worker.wake();
  EXPECT_TRUE(eventually([&] { return runs == 2; }));
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(runs, 2);
}

TEST(PeriodicWorkerTest, StopWaitsForARunInProgress) {
  std::atomic<bool> inside{false};
  std::atomic<bool> finished{false};
  PeriodicWorker worker(1h, [&] {
    inside = true;
    std::this_thread::sleep_for(100ms);
    finished = true;
  }, 0ms);
  worker.start();
  ASSERT_TRUE(eventually([&] { return inside.load(); }));
  worker.stop();
  EXPECT_TRUE(finished);
}

TEST(PeriodicWorkerTest, DestructorStopsWithoutStart) {
  PeriodicWorker worker(10ms, [] {});
}

}  // namespace
}  // namespace deskd
