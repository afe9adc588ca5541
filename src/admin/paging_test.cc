#include "admin/paging.h"

#include <gtest/gtest.h>

namespace deskd::admin {
namespace {

TEST(ParsePage, AbsentIsFirstPage) {
  PageRequest p = parse_page("", 10);
  EXPECT_EQ(p.number, 1);
  EXPECT_FALSE(p.malformed);
  EXPECT_EQ(p.offset(), 0);
}

TEST(ParsePage, NumbersWithinRange) {
  PageRequest p = parse_page("3", 10);
  EXPECT_EQ(p.number, 3);
  EXPECT_FALSE(p.malformed);
  EXPECT_EQ(p.offset(), 2 * kPerPage);
  EXPECT_EQ(parse_page("10", 10).number, 10);
}

TEST(ParsePage, BadValuesFallBackToFirstPage) {
  for (const char* bad : {"0", "-1", "11", "abc", "1.5", "99999999999999999999999", " 2", "2 "}) {
    PageRequest p = parse_page(bad, 10);
    EXPECT_EQ(p.number, 1) << bad;
    EXPECT_TRUE(p.malformed) << bad;
  }
}

TEST(PageUrl, KeepsOtherParametersEncoded) {
  QueryParams params = {{"person", "a+b@example.com"}, {"event", ""}, {"since", "2024-01-02"}, {"page", "7"}};
  EXPECT_EQ(page_url("/admin/audit", params, "page", 2),
            "/admin/audit?person=a%2Bb%40example.com&since=2024-01-02&page=2");
  EXPECT_EQ(page_url("/admin/audit", params, "page", 1), "/admin/audit?person=a%2Bb%40example.com&since=2024-01-02");
  EXPECT_EQ(page_url("/admin/people", {}, "page", 1), "/admin/people");
  EXPECT_EQ(page_url("/admin/sessions", {{"page", "3"}}, "rpage", 2), "/admin/sessions?page=3&rpage=2");
}

}  // namespace
}  // namespace deskd::admin
