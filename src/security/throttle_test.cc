#include "security/throttle.h"

#include <gtest/gtest.h>

#include <string>

#include "core/clock.h"

namespace deskd::security {
namespace {

class ThrottleTest : public ::testing::Test {
 protected:
  void fail(LoginThrottle& t, std::string_view key, int n) {
    for (int i = 0; i < n; ++i) t.record_failure(key);
  }
  deskd::ManualClock clock_;
};

TEST_F(ThrottleTest, FreeFailuresCostNothing) {
  LoginThrottle t(clock_);
  EXPECT_EQ(t.retry_after_ms("ip:1.2.3.4"), 0);
  fail(t, "ip:1.2.3.4", 5);
  EXPECT_EQ(t.retry_after_ms("ip:1.2.3.4"), 0);
  t.record_failure("ip:1.2.3.4");
  EXPECT_EQ(t.retry_after_ms("ip:1.2.3.4"), 1000);
}

TEST_F(ThrottleTest, DelayDoublesPerFailureAndCountsDown) {
  LoginThrottle t(clock_);
  fail(t, "acct:a@x", 6);
  EXPECT_EQ(t.retry_after_ms("acct:a@x"), 1000);
  clock_.advance_ms(400);
  EXPECT_EQ(t.retry_after_ms("acct:a@x"), 600);
  clock_.advance_ms(600);
  EXPECT_EQ(t.retry_after_ms("acct:a@x"), 0);
  t.record_failure("acct:a@x");
  EXPECT_EQ(t.retry_after_ms("acct:a@x"), 2000);
  t.record_failure("acct:a@x");
  EXPECT_EQ(t.retry_after_ms("acct:a@x"), 4000);
  t.record_failure("acct:a@x");
  EXPECT_EQ(t.retry_after_ms("acct:a@x"), 8000);
}

TEST_F(ThrottleTest, KeysAreIndependent) {
  LoginThrottle t(clock_);
  fail(t, "ip:1.2.3.4", 7);
  EXPECT_EQ(t.retry_after_ms("ip:1.2.3.4"), 2000);
  EXPECT_EQ(t.retry_after_ms("ip:1.2.3.5"), 0);
  EXPECT_EQ(t.retry_after_ms("acct:1.2.3.4"), 0);
}

TEST_F(ThrottleTest, DelayIsCappedAndNeverOverflows) {
  LoginThrottle t(clock_);
  fail(t, "k", 5 + 10);  // 1000 * 2^9 = 512 s
  EXPECT_EQ(t.retry_after_ms("k"), 512'000);
  t.record_failure("k");  // 1024 s > 900 s cap
  EXPECT_EQ(t.retry_after_ms("k"), 15 * 60 * 1000);
  fail(t, "k", 500);
  EXPECT_EQ(t.retry_after_ms("k"), 15 * 60 * 1000);
}

TEST_F(ThrottleTest, ForgetsAfterQuietPeriod) {
  LoginThrottle t(clock_);
  fail(t, "k", 20);
  clock_.advance_ms(60 * 60 * 1000 - 1);
  EXPECT_EQ(t.retry_after_ms("k"), 0);  // the 15-minute cap has long passed
  t.record_failure("k");                // still remembered: 21 failures
  EXPECT_EQ(t.retry_after_ms("k"), 15 * 60 * 1000);
  clock_.advance_ms(60 * 60 * 1000);
  EXPECT_EQ(t.retry_after_ms("k"), 0);
  t.record_failure("k");  // a fresh start: one free failure
  EXPECT_EQ(t.retry_after_ms("k"), 0);
  fail(t, "k", 4);
  EXPECT_EQ(t.retry_after_ms("k"), 0);
  t.record_failure("k");
  EXPECT_EQ(t.retry_after_ms("k"), 1000);
}

TEST_F(ThrottleTest, SuccessForgetsTheKey) {
  LoginThrottle t(clock_);
  fail(t, "acct:a@x", 8);
  fail(t, "acct:b@x", 8);
  EXPECT_EQ(t.retry_after_ms("acct:a@x"), 4000);
  t.record_success("acct:a@x");
  EXPECT_EQ(t.retry_after_ms("acct:a@x"), 0);
  EXPECT_EQ(t.retry_after_ms("acct:b@x"), 4000);
  fail(t, "acct:a@x", 5);
  EXPECT_EQ(t.retry_after_ms("acct:a@x"), 0);
  t.record_failure("acct:a@x");
  EXPECT_EQ(t.retry_after_ms("acct:a@x"), 1000);
  t.record_success("acct:unknown@x");
  EXPECT_EQ(t.size(), 2u);
}

TEST_F(ThrottleTest, CustomParams) {
  LoginThrottle t(clock_, {.free_failures = 0, .base_delay_ms = 50, .max_delay_ms = 150, .forget_after_ms = 1000});
  t.record_failure("k");
  EXPECT_EQ(t.retry_after_ms("k"), 50);
  t.record_failure("k");
  EXPECT_EQ(t.retry_after_ms("k"), 100);
  t.record_failure("k");
  EXPECT_EQ(t.retry_after_ms("k"), 150);
  clock_.advance_ms(1000);
  EXPECT_EQ(t.retry_after_ms("k"), 0);
}

TEST_F(ThrottleTest, EvictsTheOldestBeyondMaxKeys) {
  LoginThrottle t(clock_, {.max_keys = 3});
  fail(t, "a", 6);
  clock_.advance_ms(1);
  fail(t, "b", 6);
  clock_.advance_ms(1);
  fail(t, "c", 6);
  clock_.advance_ms(1);
  t.record_failure("a");  // "a" is now the most recent; "b" the oldest
  fail(t, "d", 6);
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(t.retry_after_ms("b"), 0);
  EXPECT_GT(t.retry_after_ms("a"), 0);
  EXPECT_GT(t.retry_after_ms("c"), 0);
  EXPECT_GT(t.retry_after_ms("d"), 0);
  for (int i = 0; i < 1000; ++i) t.record_failure("k" + std::to_string(i));
  EXPECT_EQ(t.size(), 3u);
}

TEST_F(ThrottleTest, StaleKeysAreSweptOnWrite) {
  LoginThrottle t(clock_);
  for (int i = 0; i < 100; ++i) t.record_failure("k" + std::to_string(i));
  EXPECT_EQ(t.size(), 100u);
  clock_.advance_ms(60 * 60 * 1000);
  t.record_failure("fresh");
  EXPECT_EQ(t.size(), 1u);
}

TEST_F(ThrottleTest, ClockSteppingBackDoesNotLengthenTheWait) {
  LoginThrottle t(clock_);
  fail(t, "k", 6);
  clock_.advance_ms(-10'000);
  EXPECT_EQ(t.retry_after_ms("k"), 1000);
}

}  // namespace
}  // namespace deskd::security
