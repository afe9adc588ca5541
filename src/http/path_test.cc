#include "http/path.h"

#include <gtest/gtest.h>

namespace deskd::http {
namespace {

std::string canonical(std::string_view raw) {
  auto c = canonicalize_path(raw);
  EXPECT_EQ(c.form, PathForm::kCanonical) << raw;
  return c.path;
}

std::string redirect(std::string_view raw) {
  auto c = canonicalize_path(raw);
  EXPECT_EQ(c.form, PathForm::kNonCanonical) << raw;
  return c.path;
}

bool invalid(std::string_view raw) {
  return canonicalize_path(raw).form == PathForm::kInvalid;
}

TEST(CanonicalPathTest, CanonicalPathsAreDecoded) {
  EXPECT_EQ(canonical("/"), "/");
  EXPECT_EQ(canonical("/agent/tickets"), "/agent/tickets");
  EXPECT_EQ(canonical("/agent/"), "/agent/");  // one trailing slash is allowed
  EXPECT_EQ(canonical("/%61gent/tickets"), "/agent/tickets");
  EXPECT_EQ(canonical("/search/caf%C3%A9"), "/search/caf\xC3\xA9");
  EXPECT_EQ(canonical("/kb/a.b/..c/.d"), "/kb/a.b/..c/.d");  // dots inside names are names
  EXPECT_EQ(canonical("/Agent/Tickets"), "/Agent/Tickets");  // case is kept; the router is case-sensitive
}

TEST(CanonicalPathTest, EmptyAndDotSegmentsRedirectToTheCanonicalSpelling) {
  EXPECT_EQ(redirect("//agent/tickets"), "/agent/tickets");
  EXPECT_EQ(redirect("/agent//tickets"), "/agent/tickets");
  EXPECT_EQ(redirect("/agent/tickets//"), "/agent/tickets/");
  EXPECT_EQ(redirect("/./agent/tickets"), "/agent/tickets");
  EXPECT_EQ(redirect("/kb/../agent/tickets"), "/agent/tickets");
  EXPECT_EQ(redirect("/../../agent"), "/agent");
  EXPECT_EQ(redirect("/kb/%2e%2E/agent"), "/agent");
  EXPECT_EQ(redirect("/kb/%2e/x"), "/kb/x");
  EXPECT_EQ(redirect("//"), "/");
  EXPECT_EQ(redirect("///evil.example"), "/evil.example");  // never a protocol-relative Location
  EXPECT_EQ(redirect("/a/%C3%A9//b"), "/a/%C3%A9/b");       // the redirect keeps the encoding
}

TEST(CanonicalPathTest, EncodedSeparatorsBackslashesAndControlsAreInvalid) {
  EXPECT_TRUE(invalid(""));
  EXPECT_TRUE(invalid("agent"));
  EXPECT_TRUE(invalid("*"));
  EXPECT_TRUE(invalid("http://example.com/agent"));
  EXPECT_TRUE(invalid("/%2Fagent/tickets"));
  EXPECT_TRUE(invalid("/%2fagent"));
  EXPECT_TRUE(invalid("/agent%5Ctickets"));
  EXPECT_TRUE(invalid("/\\agent"));
  EXPECT_TRUE(invalid("/kb%00"));
  EXPECT_TRUE(invalid("/kb%0a"));
  EXPECT_TRUE(invalid("/kb%7F"));
  EXPECT_TRUE(invalid("/kb%"));
  EXPECT_TRUE(invalid("/kb%zz"));
  EXPECT_TRUE(invalid("/kb%C3"));  // not UTF-8
}

}  // namespace
}  // namespace deskd::http
