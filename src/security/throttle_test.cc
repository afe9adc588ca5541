#include "security/throttle.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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

TEST_F(ThrottleTest, BackoffIsChosenPerQuestion) {
  LoginThrottle t(clock_);
  const Backoff soft{.free_failures = 50, .base_delay_ms = 1000, .max_delay_ms = 60'000};
  fail(t, "k", 50);
  EXPECT_EQ(t.retry_after_ms("k"), 15 * 60 * 1000);  // the default backoff is long past its cap
  EXPECT_EQ(t.retry_after_ms("k", soft), 0);
  t.record_failure("k");
  EXPECT_EQ(t.retry_after_ms("k", soft), 1000);
  fail(t, "k", 10);
  EXPECT_EQ(t.retry_after_ms("k", soft), 60'000);
  fail(t, "k", 5000);  // far beyond any shift: still the cap, no overflow
  EXPECT_EQ(t.retry_after_ms("k", soft), 60'000);
  EXPECT_EQ(t.retry_after_ms("k", Backoff{.free_failures = -3, .base_delay_ms = -1, .max_delay_ms = -5}), 0);
}

// ---- the sign-in key scheme -----------------------------------------------------

TEST(LoginKeysTest, KeysNameAddressAccountAndBoth) {
  const LoginKeys k = login_keys("owner@example.test", "203.0.113.7");
  EXPECT_EQ(k.address, "ip:203.0.113.7");
  EXPECT_EQ(k.account_address, "acct-ip:11:203.0.113.7owner@example.test");
  EXPECT_EQ(k.account, "acct:owner@example.test");
}

TEST(LoginKeysTest, NoAddressAndAccountPairSpellsAnothersKey) {
  EXPECT_NE(login_keys("3.4@x", "1.2").account_address, login_keys("4@x", "1.2.3.").account_address);
  EXPECT_NE(login_keys("", "1.2.3.4").account_address, login_keys("1.2.3.4", "").account_address);
  EXPECT_NE(login_keys("a@x", "1.2.3.4").account_address, login_keys("a@x", "1.2.3.40").account_address);
}

TEST(LoginKeysTest, AnIpv6ClientIsKeyedByItsSlash64) {
  const LoginKeys one = login_keys("owner@x", "2001:db8:5:1::1");
  const LoginKeys same_subscriber = login_keys("owner@x", "2001:db8:5:1:ffff:1:2:3");
  EXPECT_EQ(one.address, "ip:2001:db8:5:1::/64");
  EXPECT_EQ(one.address, same_subscriber.address);
  EXPECT_EQ(one.account_address, same_subscriber.account_address);
  EXPECT_NE(one.address, login_keys("owner@x", "2001:db8:5:2::1").address);
  EXPECT_EQ(login_keys("owner@x", "::ffff:203.0.113.7").address, "ip:203.0.113.7");
}

class LoginKeysThrottleTest : public ThrottleTest {
 protected:
  void fail_login(const LoginKeys& k, int n) {
    for (int i = 0; i < n; ++i) record_login_failure(t_, k);
  }
  LoginThrottle t_{clock_};
};

TEST_F(LoginKeysThrottleTest, AnAttackerAddressDoesNotLockOutTheOwnerElsewhere) {
  const LoginKeys attacker = login_keys("owner@x", "198.51.100.9");
  const LoginKeys owner = login_keys("owner@x", "203.0.113.7");
  fail_login(attacker, 5);
  EXPECT_EQ(login_retry_after_ms(t_, attacker), 0);
  fail_login(attacker, 1);
  EXPECT_EQ(login_retry_after_ms(t_, attacker), 1000);
  fail_login(attacker, 9);  // 15 failures: 512 s
  EXPECT_EQ(login_retry_after_ms(t_, attacker), 512'000);
  EXPECT_EQ(login_retry_after_ms(t_, owner), 0);
  record_login_success(t_, owner);
  EXPECT_EQ(login_retry_after_ms(t_, attacker), 512'000) << "the owner's success frees nobody else";
}

TEST_F(LoginKeysThrottleTest, OneAddressTryingManyAccountsIsSlowedDown) {
  for (int i = 0; i < 6; ++i) record_login_failure(t_, login_keys(std::to_string(i) + "@x", "198.51.100.9"));
  EXPECT_EQ(login_retry_after_ms(t_, login_keys("fresh@x", "198.51.100.9")), 1000);
  EXPECT_EQ(login_retry_after_ms(t_, login_keys("fresh@x", "198.51.100.10")), 0);
}

TEST_F(LoginKeysThrottleTest, ManyAddressesHitTheSofterAccountWideCeiling) {
  auto from = [](int i) {
    return login_keys("owner@x", "10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250));
  };
  for (int i = 0; i < 50; ++i) fail_login(from(i), 1);
  EXPECT_EQ(login_retry_after_ms(t_, from(1000)), 0) << "50 failures from anywhere cost nothing yet";
  fail_login(from(50), 1);
  EXPECT_EQ(login_retry_after_ms(t_, from(1000)), 1000);
  for (int i = 51; i < 200; ++i) fail_login(from(i), 1);
  EXPECT_EQ(login_retry_after_ms(t_, from(1000)), kAccountWideBackoff.max_delay_ms) << "capped at a minute";
  EXPECT_EQ(kAccountWideBackoff.max_delay_ms, 60'000);
  EXPECT_EQ(login_retry_after_ms(t_, login_keys("other@x", "10.0.9.9")), 0);
  record_login_success(t_, from(1000));
  EXPECT_EQ(login_retry_after_ms(t_, from(1001)), 60'000) << "success does not reset the account-wide count";
}

TEST_F(LoginKeysThrottleTest, UnknownAndKnownAccountsAreThrottledAlike) {
  // The keys never depend on whether the account exists; the same failures give the
  // same waits for any two names.
  const LoginKeys known = login_keys("owner@x", "198.51.100.9");
  const LoginKeys ghost = login_keys("nobody@x", "198.51.100.10");
  for (int n = 1; n <= 20; ++n) {
    fail_login(known, 1);
    fail_login(ghost, 1);
    EXPECT_EQ(login_retry_after_ms(t_, known), login_retry_after_ms(t_, ghost)) << n;
  }
}

TEST_F(LoginKeysThrottleTest, SuccessForgetsOnlyTheAccountAtThisAddress) {
  const LoginKeys me = login_keys("me@x", "203.0.113.7");
  fail_login(me, 6);
  EXPECT_EQ(login_retry_after_ms(t_, me), 1000);
  record_login_success(t_, me);
  // The address key still holds 6 failures (they may have been against other accounts).
  EXPECT_EQ(login_retry_after_ms(t_, me), 1000);
  clock_.advance_ms(1000);
  EXPECT_EQ(login_retry_after_ms(t_, me), 0);
  EXPECT_EQ(t_.retry_after_ms(me.account_address), 0);
  EXPECT_EQ(t_.retry_after_ms(me.address), 0);
  record_login_failure(t_, me);
  EXPECT_EQ(t_.retry_after_ms(me.address), 2000);
  EXPECT_EQ(t_.retry_after_ms(me.account_address), 0) << "the pair starts over after success";
}

// Cluster (cluster/cluster_sync.h): failures recorded on another node count here.
TEST_F(ThrottleTest, PeerFailuresCountAndAreNotReportedAgain) {
  LoginThrottle node_a(clock_), node_b(clock_);
  std::vector<std::string> sent;
  auto relay = [&](LoginThrottle& to) {
    return [&sent, &to](bool failure, std::string_view key) {
      sent.push_back(std::string(failure ? "f " : "s ") + std::string(key));
      failure ? to.record_peer_failure(key) : to.record_peer_success(key);
    };
  };
  node_a.set_observer(relay(node_b));
  node_b.set_observer(relay(node_a));
  for (int i = 0; i < 3; ++i) node_a.record_failure("acct:x");
  for (int i = 0; i < 3; ++i) node_b.record_failure("acct:x");
  EXPECT_EQ(sent.size(), 6u) << "each failure crosses once; peer records are not echoed back";
  EXPECT_EQ(node_a.retry_after_ms("acct:x"), 1000) << "six failures, five free";
  EXPECT_EQ(node_b.retry_after_ms("acct:x"), 1000);
  node_b.record_success("acct:x");
  EXPECT_EQ(node_a.retry_after_ms("acct:x"), 0);
  EXPECT_EQ(sent.back(), "s acct:x");
}

}  // namespace
}  // namespace deskd::security
