#include "messenger/serial_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <mutex>
#include <thread>
#include <vector>

namespace deskd::messenger {
namespace {

TEST(SerialQueueTest, RunsTasksOneAtATimeInPostOrder) {
  ThreadPool pool(4, 1000);
  auto queue = std::make_shared<SerialQueue>(pool, 1000);
  std::mutex mu;
  std::vector<int> order;
  std::atomic<int> running{0};
  std::atomic<bool> overlapped{false};
  std::latch done(200);
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(queue->post([&, i] {
      if (running.fetch_add(1) != 0) overlapped = true;
      {
        std::lock_guard lock(mu);
        order.push_back(i);
      }
      running.fetch_sub(1);
      done.count_down();
    }));
  }
  done.wait();
  EXPECT_FALSE(overlapped.load());
  std::vector<int> expected(200);
  for (int i = 0; i < 200; ++i) expected[i] = i;
  EXPECT_EQ(order, expected);
}

TEST(SerialQueueTest, RefusesBeyondItsCap) {
  ThreadPool pool(1, 10);
  auto queue = std::make_shared<SerialQueue>(pool, 2);
  std::latch started(1);
  std::latch release(1);
  ASSERT_TRUE(queue->post([&] {
    started.count_down();
    release.wait();
  }));
  started.wait();
  EXPECT_TRUE(queue->post([] {}));
  EXPECT_TRUE(queue->post([] {}));
  EXPECT_FALSE(queue->post([] {}));
  release.count_down();
}

}  // namespace
}  // namespace deskd::messenger
