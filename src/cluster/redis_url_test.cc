#include "cluster/redis_url.h"

#include <gtest/gtest.h>

namespace deskd::cluster {
namespace {

TEST(RedisUrlTest, ReadsHostPortAndDatabase) {
  auto ep = parse_redis_url("redis://127.0.0.1:6380/2");
  ASSERT_TRUE(ep.is_ok()) << ep.status().to_string();
  EXPECT_EQ(ep->host, "127.0.0.1");
  EXPECT_EQ(ep->port, 6380);
  EXPECT_EQ(ep->db, 2);
}

TEST(RedisUrlTest, PortAndDatabaseHaveDefaults) {
  auto ep = parse_redis_url("redis://cache.internal");
  ASSERT_TRUE(ep.is_ok());
  EXPECT_EQ(ep->host, "cache.internal");
  EXPECT_EQ(ep->port, 6379);
  EXPECT_EQ(ep->db, 0);
  auto slash = parse_redis_url("redis://cache.internal:7000/");
  ASSERT_TRUE(slash.is_ok());
  EXPECT_EQ(slash->port, 7000);
}

TEST(RedisUrlTest, BracketedIpv6) {
  auto ep = parse_redis_url("redis://[::1]:6390/0");
  ASSERT_TRUE(ep.is_ok());
  EXPECT_EQ(ep->host, "::1");
  EXPECT_EQ(ep->port, 6390);
}

TEST(RedisUrlTest, EveryOtherSpellingIsRefusedNamingTheSetting) {
  for (const char* url :
       {"", "localhost:6379", "rediss://h:1/0", "redis://", "redis://:6379/0", "redis://h:0/0", "redis://h:65536/0",
        "redis://h:port/0", "redis://h:6379/16", "redis://h:6379/x", "redis://user:pw@h:6379/0",
        "redis://h:6379/0?timeout=1", "redis://h h:1/0", "redis://[::1:6379/0", "redis://h:/0"}) {
    auto ep = parse_redis_url(url);
    ASSERT_FALSE(ep.is_ok()) << url;
    EXPECT_EQ(ep.status().code(), Code::kInvalidArgument) << url;
    EXPECT_EQ(ep.status().message().rfind("redis.url ", 0), 0u) << ep.status().message();
  }
}

TEST(RedisUrlTest, ARefusedUrlIsShownButNeverAPassword) {
  auto ep = parse_redis_url("redis://user:secretpw@h:6379/0");
  ASSERT_FALSE(ep.is_ok());
  EXPECT_NE(ep.status().message().find("credentials are not supported"), std::string::npos);
  EXPECT_EQ(ep.status().message().find("secretpw"), std::string::npos) << ep.status().message();
  EXPECT_NE(ep.status().message().find("redis://***@h:6379/0"), std::string::npos) << ep.status().message();
}

}  // namespace
}  // namespace deskd::cluster
