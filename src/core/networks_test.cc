#include "core/networks.h"

#include <gtest/gtest.h>

namespace deskd {
namespace {

TEST(NetworkListTest, Ipv4AndIpv6Networks) {
  auto list = NetworkList::parse(" 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32, 0.0.0.0/0x");
  EXPECT_FALSE(list.has_value());  // one bad entry refuses the whole list
  list = NetworkList::parse(" 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32");
  ASSERT_TRUE(list.has_value());
  EXPECT_TRUE(list->contains("10.1.2.3"));
  EXPECT_TRUE(list->contains("192.0.2.7"));
  EXPECT_FALSE(list->contains("192.0.2.8"));
  EXPECT_FALSE(list->contains("11.0.0.1"));
  EXPECT_TRUE(list->contains("2001:db8:1::5"));
  EXPECT_FALSE(list->contains("2001:db9::1"));
  EXPECT_TRUE(list->contains("::ffff:10.9.9.9"));  // IPv4-mapped
  EXPECT_FALSE(list->contains(""));
  EXPECT_FALSE(list->contains("not an address"));
  EXPECT_EQ(list->entries(), (std::vector<std::string>{"10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32"}));
}

TEST(NetworkListTest, PrefixEdges) {
  auto any4 = NetworkList::parse("0.0.0.0/0");
  ASSERT_TRUE(any4);
  EXPECT_TRUE(any4->contains("203.0.113.9"));
  EXPECT_FALSE(any4->contains("2001:db8::1"));  // IPv4 networks hold only IPv4 addresses
  auto odd = NetworkList::parse("198.51.100.128/25");
  ASSERT_TRUE(odd);
  EXPECT_TRUE(odd->contains("198.51.100.200"));
  EXPECT_FALSE(odd->contains("198.51.100.127"));
  EXPECT_TRUE(NetworkList::parse("")->empty());
  for (const char* bad :
       {"10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0/8", "10.0.0.0/-1", "host.example", "1.2.3.4/8/8"})
    EXPECT_FALSE(NetworkList::parse(bad).has_value()) << bad;
}

}  // namespace
}  // namespace deskd
