#include "webhooks/address_policy.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

namespace deskd::webhooks {
namespace {

TEST(AddressPolicyTest, RefusesLoopbackPrivateAndSpecialIpv4) {
  for (const char* a : {"127.0.0.1", "127.255.255.254", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255",
                        "192.168.1.1", "169.254.169.254", "0.0.0.0", "0.1.2.3", "100.64.0.1", "100.127.255.255",
                        "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1", "192.0.0.8", "198.18.0.1",
                        "192.0.2.1", "203.0.113.9"}) {
    EXPECT_TRUE(is_refused_address(a)) << a;
  }
}

TEST(AddressPolicyTest, AllowsPublicIpv4NextToTheRanges) {
  for (const char* a : {"1.1.1.1", "8.8.8.8", "11.0.0.1", "9.255.255.255", "172.15.255.255", "172.32.0.0",
                        "192.167.255.255", "192.169.0.0", "100.63.255.255", "100.128.0.0", "169.253.255.255",
                        "223.255.255.255", "126.255.255.255", "128.0.0.1", "1.0.0.0"}) {
    EXPECT_FALSE(is_refused_address(a)) << a;
  }
}

TEST(AddressPolicyTest, Ipv6) {
  for (const char* a : {"::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "febf::1", "ff02::1", "ff0e::101",
                        "2001:db8::1", "fec0::1", "100::1", "64:ff9b:1::a00:1"}) {
    EXPECT_TRUE(is_refused_address(a)) << a;
  }
  for (const char* a : {"2606:4700:4700::1111", "2001:4860:4860::8888", "fbff::1", "fe00::1", "2a00:1450::1",
                        "64:ff9b::808:808"}) {
    EXPECT_FALSE(is_refused_address(a)) << a;
  }
}

TEST(AddressPolicyTest, Ipv4InIpv6FormsFollowTheIpv4Address) {
  for (const char* a : {"::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:10.1.2.3", "::ffff:192.168.0.1",
                        "::ffff:169.254.169.254", "::ffff:0.0.0.0", "::127.0.0.1", "::10.0.0.1",
                        "::ffff:0:127.0.0.1", "::ffff:100.64.0.1"}) {
    EXPECT_TRUE(is_refused_address(a)) << a;
  }
  EXPECT_FALSE(is_refused_address("::ffff:8.8.8.8"));
  EXPECT_FALSE(is_refused_address("::ffff:1.1.1.1"));
}

TEST(AddressPolicyTest, TranslatedAndTunnelledFormsFollowTheIpv4AddressTheyReach) {
  // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry the IPv4 address a gateway forwards to.
  for (const char* a : {"64:ff9b::a00:1", "64:ff9b::7f00:1", "64:ff9b::127.0.0.1", "64:ff9b::a9fe:a9fe",
                        "2002:7f00:1::", "2002:a00:1::1", "2002:c0a8:1::", "2002:a9fe:a9fe::1",
                        "2001::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2"}) {
    EXPECT_TRUE(is_refused_address(a)) << a;
  }
  for (const char* a : {"64:ff9b::808:808", "2002:808:808::1", "2002:101:101::"}) {
    EXPECT_FALSE(is_refused_address(a)) << a;
  }
}

TEST(AddressPolicyTest, AnythingElseIsRefused) {
  for (const char* a : {"", "localhost", "example.com", "127.1", "0x7f000001", "2130706433", "1.2.3.4.5", "[::1]",
                        "fe80::1%eth0", "1.2.3.4:80", " 8.8.8.8"}) {
    EXPECT_TRUE(is_refused_address(a)) << a;
  }
}

TEST(AddressPolicyTest, SocketAddresses) {
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  inet_pton(AF_INET, "127.0.0.1", &v4.sin_addr);
  EXPECT_TRUE(is_refused_address(reinterpret_cast<sockaddr*>(&v4)));
  inet_pton(AF_INET, "93.184.216.34", &v4.sin_addr);
  EXPECT_FALSE(is_refused_address(reinterpret_cast<sockaddr*>(&v4)));
  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "::ffff:192.168.0.10", &v6.sin6_addr);
  EXPECT_TRUE(is_refused_address(reinterpret_cast<sockaddr*>(&v6)));
  inet_pton(AF_INET6, "2606:4700:4700::1111", &v6.sin6_addr);
  EXPECT_FALSE(is_refused_address(reinterpret_cast<sockaddr*>(&v6)));
  sockaddr other{};
  other.sa_family = AF_UNIX;
  EXPECT_TRUE(is_refused_address(&other));
  EXPECT_TRUE(is_refused_address(static_cast<const sockaddr*>(nullptr)));
}

}  // namespace
}  // namespace deskd::webhooks
