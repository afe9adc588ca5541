#include "core/periodic_worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace deskd {
namespace {

TEST(PeriodicWorkerTest, RunsUntilStoppedAndNotAfter) {
  std::atomic<int> runs{0};
  PeriodicWorker worker(std::chrono::milliseconds(5), [&] { ++runs; });
  worker.start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (runs.load() < 3 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_GE(runs.load(), 3);
  worker.stop();
  const int after_stop = runs.load();
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_EQ(runs.load(), after_stop);
  worker.stop();   // idempotent
  worker.start();  // not again after stop()
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_EQ(runs.load(), after_stop);
}

TEST(PeriodicWorkerTest, StopWithoutStartAndStopDuringALongInterval) {
  PeriodicWorker idle(std::chrono::hours(1), [] {});
  idle.stop();
  std::atomic<int> runs{0};
  PeriodicWorker slow(std::chrono::hours(1), [&] { ++runs; });
  slow.start();
  const auto begin = std::chrono::steady_clock::now();
  slow.stop();  // wakes the wait at once
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(5));
  EXPECT_EQ(runs.load(), 0);
}

}  // namespace
}  // namespace deskd
