#include "pipeline/own_hosts.h"

#include <gtest/gtest.h>

namespace deskd::pipeline {
namespace {

TEST(OwnHostsTest, LoopbackListenAddressAdmitsItselfAndLocalhostOnItsPort) {
  OwnHosts own("", {});
  own.set_listen_address("127.0.0.1:8080");
  EXPECT_EQ(own.listen_origin(), "http://127.0.0.1:8080");
  EXPECT_TRUE(own.admits("127.0.0.1:8080"));
  EXPECT_TRUE(own.admits("localhost:8080"));
  EXPECT_TRUE(own.admits("LocalHost:8080"));
  EXPECT_FALSE(own.admits("127.0.0.1"));
  EXPECT_FALSE(own.admits("127.0.0.1:8081"));
  EXPECT_FALSE(own.admits("evil.example"));
  EXPECT_FALSE(own.admits("evil.example:8080"));
  EXPECT_FALSE(own.admits("127.0.0.1:8080.evil"));
  EXPECT_FALSE(own.admits("127.0.0.1:8080@evil"));
  EXPECT_FALSE(own.admits(""));
}

TEST(OwnHostsTest, PublicUrlAndAllowedHosts) {
  OwnHosts own("https://Help.Example.com/base", {"alias.example", "other.example:9000"});
  own.set_listen_address("10.0.0.5:8080");
  EXPECT_TRUE(own.admits("help.example.com"));
  EXPECT_TRUE(own.admits("help.example.com:443"));
  EXPECT_FALSE(own.admits("help.example.com:8443"));
  EXPECT_TRUE(own.admits("alias.example"));
  EXPECT_TRUE(own.admits("alias.example:1234"));  // a bare name matches any port
  EXPECT_TRUE(own.admits("other.example:9000"));
  EXPECT_FALSE(own.admits("other.example"));
  EXPECT_TRUE(own.admits("10.0.0.5:8080"));
  EXPECT_FALSE(own.admits("localhost:8080"));  // not a loopback listener
  EXPECT_FALSE(own.admits("help.example.com.evil.example"));
}

TEST(OwnHostsTest, WildcardListenAddressNamesOnlyLoopback) {
  OwnHosts own("", {});
  own.set_listen_address("0.0.0.0:8080");
  EXPECT_EQ(own.listen_origin(), "http://127.0.0.1:8080");
  EXPECT_TRUE(own.admits("localhost:8080"));
  EXPECT_TRUE(own.admits("[::1]:8080"));
  EXPECT_FALSE(own.admits("0.0.0.0:8080"));
  EXPECT_FALSE(own.admits("192.168.1.9:8080"));
}

TEST(OwnHostsTest, SplitHostPortRejectsWhatIsNotAHost) {
  EXPECT_EQ(split_host_port("Example.COM:80").host, "example.com");
  EXPECT_EQ(split_host_port("Example.COM:80").port, "80");
  EXPECT_EQ(split_host_port("[::1]:8080").host, "[::1]");
  EXPECT_EQ(split_host_port("[::1]:8080").port, "8080");
  for (const char* bad : {"", ":80", "a b", "a:b", "a:", "[::1", "[zz]:1", "a:123456", "x/y", "a_b", "é.example"})
    EXPECT_TRUE(split_host_port(bad).host.empty()) << bad;
}

}  // namespace
}  // namespace deskd::pipeline
