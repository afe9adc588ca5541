#include "security/rate_limit.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"

namespace deskd::security {
namespace {

constexpr int64_t kHour = 60 * 60 * 1000;

TEST(RateLimiterTest, AdmitsABurstThenRefusesWithTheWaitUntilTheNextEvent) {
  ManualClock clock;
  RateLimiter l(clock, {3, kHour}, 100);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(l.hit("1.2.3.4").allowed) << i;
  RateDecision refused = l.hit("1.2.3.4");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_ms, kHour / 3);
  EXPECT_EQ(refused.retry_after_s(), 1200);
  EXPECT_EQ(l.refused(), 1u);
  EXPECT_EQ(l.admitted(), 3u);
}

TEST(RateLimiterTest, RefusedEventsCostNothingAndTheWaitCountsDown) {
  ManualClock clock;
  RateLimiter l(clock, {2, 1000}, 100);
  ASSERT_TRUE(l.hit("k").allowed);
  ASSERT_TRUE(l.hit("k").allowed);
  for (int i = 0; i < 50; ++i) EXPECT_FALSE(l.hit("k").allowed);
  clock.advance_ms(200);
  EXPECT_EQ(l.hit("k").retry_after_ms, 300);
  clock.advance_ms(300);
  EXPECT_TRUE(l.hit("k").allowed);  // one interval (500 ms) later, one more
  EXPECT_FALSE(l.hit("k").allowed);
  clock.advance_ms(5000);  // a long pause refills the whole burst, not more
  EXPECT_TRUE(l.hit("k").allowed);
  EXPECT_TRUE(l.hit("k").allowed);
  EXPECT_FALSE(l.hit("k").allowed);
}

TEST(RateLimiterTest, SteadyRateIsEventsPerWindow) {
  ManualClock clock;
  RateLimiter l(clock, {60, 60 * 1000}, 100);
  int admitted = 0;
  for (int ms = 0; ms < 10 * 60 * 1000; ms += 100) {
    if (l.hit("k").allowed) ++admitted;
    clock.advance_ms(100);
  }
  EXPECT_EQ(admitted, 60 + 599);  // the burst, then one a second for the rest of the ten minutes
}

TEST(RateLimiterTest, KeysAreIndependent) {
  ManualClock clock;
  RateLimiter l(clock, {1, kHour}, 100);
  EXPECT_TRUE(l.hit("a").allowed);
  EXPECT_FALSE(l.hit("a").allowed);
  EXPECT_TRUE(l.hit("b").allowed);
  EXPECT_EQ(l.size(), 2u);
}

TEST(RateLimiterTest, OffAdmitsEverythingAndRemembersNothing) {
  ManualClock clock;
  RateLimiter l(clock, {0, kHour}, 100);
  EXPECT_FALSE(l.enabled());
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(l.hit("k").allowed);
  EXPECT_EQ(l.size(), 0u);
  EXPECT_EQ(l.admitted(), 1000u);
}

TEST(RateLimiterTest, MemoryIsBoundedAndTheLeastRecentlyAdmittedKeyGoesFirst) {
  ManualClock clock;
  RateLimiter l(clock, {1, kHour}, 3);
  EXPECT_TRUE(l.hit("a").allowed);
  clock.advance_ms(1);
  EXPECT_TRUE(l.hit("b").allowed);
  clock.advance_ms(1);
  EXPECT_TRUE(l.hit("c").allowed);
  EXPECT_FALSE(l.hit("a").allowed);  // a refusal does not refresh "a"
  EXPECT_TRUE(l.hit("d").allowed);   // full: "a" is forgotten
  EXPECT_EQ(l.size(), 3u);
  EXPECT_EQ(l.evicted(), 1u);
  EXPECT_FALSE(l.hit("b").allowed);
  EXPECT_FALSE(l.hit("c").allowed);
  EXPECT_FALSE(l.hit("d").allowed);
  EXPECT_TRUE(l.hit("a").allowed);  // forgetting only ever lets a key through earlier
}

TEST(RateLimiterTest, KeysWhoseWaitIsOverAreNotCountedAsEvictions) {
  ManualClock clock;
  RateLimiter l(clock, {1, 1000}, 1);
  EXPECT_TRUE(l.hit("a").allowed);
  clock.advance_ms(1000);
  EXPECT_TRUE(l.hit("b").allowed);
  EXPECT_EQ(l.evicted(), 0u);
  EXPECT_TRUE(l.hit("c").allowed);
  EXPECT_EQ(l.evicted(), 1u);
}

TEST(RateLimiterTest, KeysWhoseBucketRefilledAreForgottenAsEventsGoBy) {
  ManualClock clock;
  RateLimiter l(clock, {2, 1000}, 100);  // an event every 500 ms, a burst of 2
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(l.hit("visitor-" + std::to_string(i)).allowed);
  EXPECT_EQ(l.size(), 10u);
  clock.advance_ms(499);
  EXPECT_TRUE(l.hit("now").allowed);
  EXPECT_EQ(l.size(), 11u);  // every bucket still short of one event
  clock.advance_ms(1);
  for (int i = 0; i < 5; ++i) l.hit("now");  // admitted or not, each event forgets two
  EXPECT_EQ(l.size(), 1u);                    // the ten refilled keys went
  EXPECT_EQ(l.evicted(), 0u);

  // A key still held back is never forgotten early, even at the front.
  RateLimiter busy(clock, {2, 1000}, 100);
  EXPECT_TRUE(busy.hit("busy").allowed);
  EXPECT_TRUE(busy.hit("busy").allowed);
  EXPECT_FALSE(busy.hit("busy").allowed);
  clock.advance_ms(400);
  EXPECT_TRUE(busy.hit("other").allowed);
  EXPECT_EQ(busy.size(), 2u);
  EXPECT_FALSE(busy.hit("busy").allowed);
}

TEST(RateLimiterTest, ConcurrentHitsNeverAdmitMoreThanTheBurst) {
  ManualClock clock;
  RateLimiter l(clock, {100, kHour}, 10);
  std::vector<std::thread> threads;
  std::atomic<int> admitted{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i)
        if (l.hit("shared").allowed) ++admitted;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(admitted.load(), 100);
  EXPECT_EQ(l.refused(), 7900u);
}

TEST(ClientAddressKeyTest, Ipv6ByPrefixIpv4AsIs) {
  EXPECT_EQ(client_address_key("203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(client_address_key("::ffff:203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(client_address_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  EXPECT_EQ(client_address_key("2001:db8:1:2::1"), client_address_key("2001:db8:1:2:ffff::9"));
  EXPECT_NE(client_address_key("2001:db8:1:2::1"), client_address_key("2001:db8:1:3::1"));
  EXPECT_EQ(client_address_key("::1"), "::/64");
  EXPECT_EQ(client_address_key("not an address"), "not an address");
  EXPECT_EQ(client_address_key(""), "");
}

TEST(RateLimitsTest, ConfiguredFromLimits) {
  ManualClock clock;
  Limits limits;
  limits.visitor_ids_per_ip_per_hour = 2;
  limits.tickets_per_ip_per_hour = 0;
  RateLimits all(clock, limits);
  EXPECT_TRUE(all.visitor_ids.hit("ip").allowed);
  EXPECT_TRUE(all.visitor_ids.hit("ip").allowed);
  EXPECT_FALSE(all.visitor_ids.hit("ip").allowed);
  EXPECT_FALSE(all.tickets.enabled());
  EXPECT_EQ(all.registrations.limit().events, 10);
  EXPECT_EQ(all.named().size(), 9u);
  EXPECT_EQ(all.named()[0].first, "visitor_ids");
  // Article comments and votes: per address and per hour.
  EXPECT_EQ(all.named()[4].first, "comments");
  EXPECT_EQ(all.comments.limit().events, 30);
  EXPECT_EQ(all.comments.limit().window_ms, 60 * 60 * 1000);
  EXPECT_EQ(all.named()[5].first, "votes");
  EXPECT_EQ(all.votes.limit().events, 600);
  EXPECT_EQ(all.votes.limit().window_ms, 60 * 60 * 1000);
  // The REST API's limit is per key and per minute (api.rate_limit_per_minute).
  EXPECT_EQ(all.named()[6].first, "api_keys");
  EXPECT_EQ(all.api_keys.limit().events, 600);
  EXPECT_EQ(all.api_keys.limit().window_ms, 60 * 1000);
  // Recorded Help Center page views: per visitor and per minute.
  EXPECT_EQ(all.named()[7].first, "page_views");
  EXPECT_EQ(all.page_views.limit().events, 600);
  EXPECT_EQ(all.page_views.limit().window_ms, 60 * 1000);
  // Messenger messages: per visitor id and per minute.
  EXPECT_EQ(all.named()[8].first, "chat_messages");
  EXPECT_EQ(all.chat_messages.limit().events, 30);
  EXPECT_EQ(all.chat_messages.limit().window_ms, 60 * 1000);
}

}  // namespace
}  // namespace deskd::security
