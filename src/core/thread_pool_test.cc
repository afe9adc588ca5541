#include "core/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

namespace deskd {
namespace {

using namespace std::chrono_literals;

TEST(ThreadPoolTest, RunsEverySubmittedTask) {
  std::atomic<int> ran{0};
  {
    ThreadPool pool(2, 1000);
    for (int i = 0; i < 100; ++i) ASSERT_TRUE(pool.submit([&] { ++ran; }));
  }
  EXPECT_EQ(ran.load(), 100);
}

TEST(ThreadPoolTest, TasksRunOffTheCallingThread) {
  std::promise<std::thread::id> where;
  ThreadPool pool(1, 10);
  ASSERT_TRUE(pool.submit([&] { where.set_value(std::this_thread::get_id()); }));
  auto f = where.get_future();
  ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
  EXPECT_NE(f.get(), std::this_thread::get_id());
}

TEST(ThreadPoolTest, UsesSeveralWorkers) {
  std::mutex mu;
  std::set<std::thread::id> workers;
  std::promise<void> both_started;
  std::atomic<int> started{0};
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  {
    ThreadPool pool(2, 10);
    for (int i = 0; i < 2; ++i) {
      ASSERT_TRUE(pool.submit([&] {
        {
          std::lock_guard lock(mu);
          workers.insert(std::this_thread::get_id());
        }
        if (++started == 2) both_started.set_value();
        released.wait();
      }));
    }
    // Both tasks block until released, so they can only both start on two threads.
    ASSERT_EQ(both_started.get_future().wait_for(5s), std::future_status::ready);
    release.set_value();
  }
  EXPECT_EQ(workers.size(), 2u);
}

TEST(ThreadPoolTest, BoundedQueueRefusesWhenFull) {
  std::promise<void> started;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> ran{0};
  {
    ThreadPool pool(1, 2);
    ASSERT_TRUE(pool.submit([&] {
      started.set_value();
      released.wait();
    }));
    ASSERT_EQ(started.get_future().wait_for(5s), std::future_status::ready);  // the worker is busy, queue empty
    EXPECT_EQ(pool.queued(), 0u);
    EXPECT_TRUE(pool.submit([&] { ++ran; }));
    EXPECT_TRUE(pool.submit([&] { ++ran; }));
    EXPECT_EQ(pool.queued(), 2u);
    EXPECT_FALSE(pool.submit([&] { ran += 100; }));  // refused, never run
    EXPECT_EQ(pool.queued(), 2u);
    release.set_value();
  }
  EXPECT_EQ(ran.load(), 2);
}

TEST(ThreadPoolTest, DestructorDrainsQueuedTasks) {
  std::atomic<int> ran{0};
  {
    ThreadPool pool(1, 100);
    for (int i = 0; i < 20; ++i) {
      ASSERT_TRUE(pool.submit([&] {
        std::this_thread::sleep_for(2ms);
        ++ran;
      }));
    }
    EXPECT_GT(pool.queued(), 0u);  // most are still waiting when the pool is destroyed
  }
  EXPECT_EQ(ran.load(), 20);
}

TEST(ThreadPoolTest, ThrowingTaskDoesNotKillTheWorker) {
  std::atomic<int> ran{0};
  {
    ThreadPool pool(1, 10);
    ASSERT_TRUE(pool.submit([] { throw std::runtime_error("boom"); }));
    ASSERT_TRUE(pool.submit([] { throw 42; }));
    ASSERT_TRUE(pool.submit([&] { ++ran; }));
  }
  EXPECT_EQ(ran.load(), 1);
}

}  // namespace
}  // namespace deskd
