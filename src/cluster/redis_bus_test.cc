// RedisBus against a real Redis (scripts/with_redis.sh sets DESKD_TEST_REDIS_URL);
// skipped without one. The wire forms are tested without a server.
#include "cluster/redis_bus.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include "cluster/cluster_sync.h"
#include "cluster/redis_pubsub.h"
#include "core/degraded.h"

namespace deskd::cluster {
namespace {

using namespace std::chrono_literals;

// Collects what a handler received; waits for it with a deadline.
class Inbox {
 public:
  RedisBus::Handler handler() {
    return [this](std::string_view payload) {
      std::lock_guard lock(mu_);
      got_.emplace_back(payload);
      cv_.notify_all();
    };
  }
  std::vector<std::string> wait_for(size_t n, std::chrono::milliseconds limit = 5s) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, limit, [&] { return got_.size() >= n; });
    return got_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> got_;
};

std::optional<RedisEndpoint> test_redis() {
  const char* url = std::getenv("DESKD_TEST_REDIS_URL");
  if (!url || !*url) return std::nullopt;
  auto ep = parse_redis_url(url);
  if (!ep.is_ok()) return std::nullopt;
  return *ep;
}

// Waits until both buses are subscribed (a message sent before that is lost, by design).
void wait_connected(const RedisBus& a, const RedisBus& b) {
  for (int i = 0; i < 100 && !(a.connected() && b.connected()); ++i) std::this_thread::sleep_for(20ms);
  ASSERT_TRUE(a.connected() && b.connected());
  std::this_thread::sleep_for(100ms);  // SUBSCRIBE sent; give Redis a moment to register it
}

TEST(RedisBusTest, AnotherNodeReceivesAndTheSenderIgnoresItsOwn) {
  auto ep = test_redis();
  if (!ep) GTEST_SKIP() << "DESKD_TEST_REDIS_URL not set (scripts/with_redis.sh)";
  RedisBus a(*ep, "node-a");
  RedisBus b(*ep, "node-b");
  Inbox a_inbox, b_inbox, b_other;
  a.on("t1", a_inbox.handler());
  b.on("t1", b_inbox.handler());
  b.on("t2", b_other.handler());
  ASSERT_TRUE(a.probe().is_ok());
  a.start();
  b.start();
  wait_connected(a, b);

  a.publish("t1", "hello with spaces");
  a.publish("t2", "second topic");
  EXPECT_EQ(b_inbox.wait_for(1), std::vector<std::string>{"hello with spaces"});
  EXPECT_EQ(b_other.wait_for(1), std::vector<std::string>{"second topic"});
  EXPECT_TRUE(a_inbox.wait_for(1, 300ms).empty()) << "a node never hears itself";
  EXPECT_EQ(a.published(), 2u);
  EXPECT_EQ(b.received(), 2u);
}

TEST(RedisBusTest, ChatEventsCrossNodesAndReachLocalListenersToo) {
  auto ep = test_redis();
  if (!ep) GTEST_SKIP() << "DESKD_TEST_REDIS_URL not set (scripts/with_redis.sh)";
  RedisBus a(*ep, "chat-a");
  RedisBus b(*ep, "chat-b");
  RedisPubSub on_a(a), on_b(b);
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> seen_a, seen_b;
  on_a.subscribe([&](const messenger::Event& e) {
    std::lock_guard lock(mu);
    seen_a.push_back(e.key + ":" + e.payload);
    cv.notify_all();
  });
  on_b.subscribe([&](const messenger::Event& e) {
    std::lock_guard lock(mu);
    seen_b.push_back(e.key + ":" + e.payload);
    cv.notify_all();
  });
  a.start();
  b.start();
  wait_connected(a, b);
  on_a.publish({messenger::Event::Target::kVisitor, "v1", R"({"type":"message","body":"hi"})"});
  std::unique_lock lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, 5s, [&] { return !seen_b.empty(); }));
  EXPECT_EQ(seen_a, std::vector<std::string>{R"(v1:{"type":"message","body":"hi"})"});
  EXPECT_EQ(seen_b, seen_a);
}

TEST(RedisBusTest, AnUnreachableRedisIsAClearProbeErrorAndPublishNeverBlocks) {
  // Port 1 on loopback: nothing listens there.
  RedisBus bus(RedisEndpoint{"127.0.0.1", 1, 0}, "lonely", RedisBusOptions{.connect_timeout = 200ms});
  Status s = bus.probe();
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.message().rfind("redis.url: cannot connect to Redis at 127.0.0.1:1", 0), 0u) << s.message();
  const uint64_t before = degraded_count(Degraded::kRedisUnavailable);
  bus.start();
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i) bus.publish("t", "x");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 100ms);
  for (int i = 0; i < 100 && degraded_count(Degraded::kRedisUnavailable) == before; ++i)
    std::this_thread::sleep_for(20ms);
  EXPECT_GT(degraded_count(Degraded::kRedisUnavailable), before);
  EXPECT_FALSE(bus.connected());
  bus.stop();
}

TEST(ClusterWireTest, ContentChangesRoundTripAndJunkIsRefused) {
  storage::ContentChange change{storage::ContentScope::kEngagement, 42, {7, 9}};
  auto back = ClusterSync::decode_content(ClusterSync::encode_content(change));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->scope, storage::ContentScope::kEngagement);
  EXPECT_EQ(back->revision, 42);
  EXPECT_EQ(back->article_ids, (std::vector<int64_t>{7, 9}));
  for (const char* junk : {"", "{", "[]", R"({"s":"kb","r":"1","a":[]})", R"({"s":"other","r":1,"a":[]})",
                           R"({"s":"kb","r":1,"a":["x"]})"})
    EXPECT_FALSE(ClusterSync::decode_content(junk).has_value()) << junk;
}

TEST(ClusterWireTest, ChatEventsRoundTripAndJunkIsRefused) {
  messenger::Event e{messenger::Event::Target::kAllAgents, "", "{\"type\":\"queued\"}"};
  auto back = RedisPubSub::decode(RedisPubSub::encode(e));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->target, messenger::Event::Target::kAllAgents);
  EXPECT_EQ(back->payload, e.payload);
  for (const char* junk : {"", "null", R"({"t":9,"k":"","p":""})", R"({"t":0,"k":1,"p":""})", R"({"t":0,"k":""})"})
    EXPECT_FALSE(RedisPubSub::decode(junk).has_value()) << junk;
}

}  // namespace
}  // namespace deskd::cluster
