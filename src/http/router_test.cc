#include "http/router.h"

#include <gtest/gtest.h>

#include <string>

namespace deskd::http {
namespace {

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    r_.add("GET", "/", "home");
    r_.add("GET", "/kb", "kb");
    r_.add("GET", "/kb/{category}", "category");
    r_.add("GET", "/kb/articles/{id}", "article");
    r_.add("GET", "/kb/articles/new", "article-new");
    r_.add("POST", "/kb/articles/{id}/vote", "vote");
    r_.add("POST", "/kb/articles/{id}/comments", "comment");
    r_.add("GET", "/login", "login-form");
    r_.add("POST", "/login", "login-post");
    r_.add("POST", "/logout", "logout");
  }

  // The matched route's value, or "404"/"405".
  std::string route(std::string_view method, std::string_view path) const {
    auto m = r_.find(method, path);
    if (m.route) {
      EXPECT_FALSE(m.method_mismatch);
      return *m.route;
    }
    return m.method_mismatch ? "405" : "404";
  }

  Router<std::string> r_;
};

TEST(SplitPathTest, KeepsInteriorEmptySegments) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(split_path(""), V{});
  EXPECT_EQ(split_path("/"), V{});
  EXPECT_EQ(split_path("/kb"), V{"kb"});
  EXPECT_EQ(split_path("/kb/"), V{"kb"});
  EXPECT_EQ(split_path("//kb"), (V{"", "kb"}));
  EXPECT_EQ(split_path("/kb//articles/1/"), (V{"kb", "", "articles", "1"}));
}

TEST_F(RouterTest, Literals) {
  EXPECT_EQ(route("GET", "/"), "home");
  EXPECT_EQ(route("GET", "/kb"), "kb");
  EXPECT_EQ(route("GET", "/login"), "login-form");
  EXPECT_EQ(route("POST", "/login"), "login-post");
  EXPECT_EQ(route("POST", "/logout"), "logout");
}

TEST_F(RouterTest, UnknownPathsAre404) {
  EXPECT_EQ(route("GET", "/nope"), "404");
  EXPECT_EQ(route("GET", "/kb/articles/1/vote/extra"), "404");
  EXPECT_EQ(route("GET", "/KB"), "404");  // case-sensitive
  EXPECT_EQ(route("GET", "/kb/a/b"), "404");
}

TEST_F(RouterTest, ParamsCaptureOneSegment) {
  auto m = r_.find("GET", "/kb/articles/42-hello");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(*m.route, "article");
  EXPECT_EQ(m.params, (PathParams{{"id", "42-hello"}}));

  auto vote = r_.find("POST", "/kb/articles/7/vote");
  ASSERT_NE(vote.route, nullptr);
  EXPECT_EQ(*vote.route, "vote");
  EXPECT_EQ(vote.params, (PathParams{{"id", "7"}}));

  auto cat = r_.find("GET", "/kb/general");
  ASSERT_NE(cat.route, nullptr);
  EXPECT_EQ(*cat.route, "category");
  EXPECT_EQ(cat.params, (PathParams{{"category", "general"}}));
}

TEST_F(RouterTest, LiteralBeatsParam) {
  auto m = r_.find("GET", "/kb/articles/new");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(*m.route, "article-new");
  EXPECT_TRUE(m.params.empty());
}

TEST_F(RouterTest, FallsBackToParamWhenTheLiteralBranchDeadEnds) {
  // "articles" is a literal child of /kb, but /kb/articles itself has no route.
  auto m = r_.find("GET", "/kb/articles");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(*m.route, "category");
  EXPECT_EQ(m.params, (PathParams{{"category", "articles"}}));
  // "new" is a literal under articles, but only {id} continues to /vote.
  auto vote = r_.find("POST", "/kb/articles/new/vote");
  ASSERT_NE(vote.route, nullptr);
  EXPECT_EQ(*vote.route, "vote");
  EXPECT_EQ(vote.params, (PathParams{{"id", "new"}}));
}

TEST_F(RouterTest, WrongMethodIs405) {
  auto m = r_.find("GET", "/kb/articles/7/vote");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.method_mismatch);
  EXPECT_EQ(route("DELETE", "/login"), "405");
  EXPECT_EQ(route("POST", "/kb"), "405");
  EXPECT_EQ(route("GET", "/logout"), "405");
  EXPECT_EQ(route("get", "/kb"), "405");  // methods are case-sensitive
}

TEST_F(RouterTest, HeadFallsBackToGet) {
  EXPECT_EQ(route("HEAD", "/kb"), "kb");
  EXPECT_EQ(route("HEAD", "/kb/articles/1"), "article");
  EXPECT_EQ(route("HEAD", "/logout"), "405");  // POST only
  EXPECT_EQ(route("HEAD", "/nope"), "404");
  r_.add("HEAD", "/kb", "kb-head");
  EXPECT_EQ(route("HEAD", "/kb"), "kb-head");
  EXPECT_EQ(route("GET", "/kb"), "kb");
}

TEST_F(RouterTest, OneTrailingSlashIsIgnoredEmptySegmentsNeverMatch) {
  EXPECT_EQ(route("GET", "/kb/"), "kb");
  EXPECT_EQ(route("GET", "/"), "home");
  EXPECT_EQ(route("GET", ""), "404");
  EXPECT_EQ(route("GET", "kb"), "404");
  EXPECT_EQ(route("GET", "//kb"), "404");
  EXPECT_EQ(route("GET", "/kb//articles/9"), "404");
  EXPECT_EQ(route("GET", "/kb/articles//"), "404");  // never an empty parameter value
  EXPECT_EQ(route("GET", "//"), "404");
}

TEST(RouterTailTest, TailTakesTheRestOfThePath) {
  Router<std::string> r;
  r.add("GET", "/static/{*file}", "static");
  r.add("GET", "/static/app.css", "css");
  EXPECT_EQ(*r.find("GET", "/static/app.css").route, "css");
  auto m = r.find("GET", "/static/messenger/widget.1234.js");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("file"), "messenger/widget.1234.js");
  EXPECT_EQ(r.find("GET", "/static").route, nullptr);
  EXPECT_EQ(r.find("GET", "/static/a//b").route, nullptr);
}

TEST(RouterParamNamesTest, EachRouteKeepsItsOwnParamNames) {
  Router<int> r;
  r.add("GET", "/t/{ref}", 1);
  r.add("POST", "/t/{ticket}/reply", 2);
  r.add("GET", "/u/{a}/{b}", 3);

  auto first = r.find("GET", "/t/ABC-1");
  ASSERT_NE(first.route, nullptr);
  EXPECT_EQ(first.params, (PathParams{{"ref", "ABC-1"}}));

  auto second = r.find("POST", "/t/ABC-1/reply");
  ASSERT_NE(second.route, nullptr);
  EXPECT_EQ(*second.route, 2);
  EXPECT_EQ(second.params, (PathParams{{"ticket", "ABC-1"}}));

  auto third = r.find("GET", "/u/x/y");
  ASSERT_NE(third.route, nullptr);
  EXPECT_EQ(third.params, (PathParams{{"a", "x"}, {"b", "y"}}));
}

TEST(RouterParamNamesTest, NoParamsLeakFromAFailedBranch) {
  Router<int> r;
  r.add("GET", "/a/{x}/b", 1);
  r.add("GET", "/a/lit/c", 2);
  r.add("GET", "/{y}/lit/d", 3);
  auto m = r.find("GET", "/a/lit/d");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(*m.route, 3);
  EXPECT_EQ(m.params, (PathParams{{"y", "a"}}));
}

TEST(RouterEmptyTest, NothingMatchesAnEmptyRouter) {
  Router<int> r;
  auto m = r.find("GET", "/");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_FALSE(m.method_mismatch);
}

}  // namespace
}  // namespace deskd::http
