#include "cookies/request_cookies.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace deskd::cookies {
namespace {

using Views = std::vector<std::string_view>;

bool any(std::string_view) {
  return true;
}
bool looks_like_token(std::string_view v) {
  return v.size() == 4 && v.find_first_not_of("0123456789") == v.npos;
}

TEST(RequestCookiesTest, MergesMultipleHeadersInOrder) {
  RequestCookies c = RequestCookies::parse({"a=1; b=2", "c=3", "a=4"});
  EXPECT_EQ(c.size(), 4u);
  EXPECT_EQ(c.values("a"), (Views{"1", "4"}));
  EXPECT_EQ(c.values("b"), (Views{"2"}));
  EXPECT_EQ(c.values("c"), (Views{"3"}));
  EXPECT_TRUE(c.present("c"));
  EXPECT_FALSE(c.present("d"));
  EXPECT_TRUE(c.values("d").empty());
}

TEST(RequestCookiesTest, QuotedValuesAreLiteral) {
  RequestCookies c = RequestCookies::parse({R"(a="x"; b="")"});
  EXPECT_EQ(c.values("a"), (Views{"\"x\""}));
  EXPECT_EQ(c.values("b"), (Views{"\"\""}));
}

TEST(RequestCookiesTest, PairWithoutEqualsNeverMapsToANamedCookie) {
  RequestCookies c = RequestCookies::parse({"dpsid-portal; a=1; =; =x; b"});
  EXPECT_FALSE(c.present("dpsid-portal"));
  EXPECT_FALSE(c.present(""));
  EXPECT_FALSE(c.present("b"));
  EXPECT_EQ(c.size(), 1u);
  EXPECT_EQ(c.values("a"), (Views{"1"}));
}

TEST(RequestCookiesTest, ValueMayContainEquals) {
  RequestCookies c = RequestCookies::parse({"a=b=c; d=="});
  EXPECT_EQ(c.values("a"), (Views{"b=c"}));
  EXPECT_EQ(c.values("d"), (Views{"="}));
}

TEST(RequestCookiesTest, TrimsSpaceAndTabOnly) {
  RequestCookies c = RequestCookies::parse({" \ta \t= \t1 x \t;b=2;;  ;c =  ; d\r=\r3\r"});
  EXPECT_EQ(c.values("a"), (Views{"1 x"}));
  EXPECT_EQ(c.values("b"), (Views{"2"}));
  EXPECT_EQ(c.values("c"), (Views{""}));
  EXPECT_EQ(c.values("d\r"), (Views{"\r3\r"}));
  EXPECT_EQ(c.size(), 4u);
}

TEST(RequestCookiesTest, EmptyInput) {
  EXPECT_EQ(RequestCookies::parse({}).size(), 0u);
  EXPECT_EQ(RequestCookies::parse({""}).size(), 0u);
  EXPECT_EQ(RequestCookies::parse({"", " ; ;; ", "\t"}).size(), 0u);
  RequestCookies c = RequestCookies::parse({"a="});
  EXPECT_TRUE(c.present("a"));
  EXPECT_EQ(c.values("a"), (Views{""}));
}

TEST(RequestCookiesTest, OversizeValueIgnoredAndPoisonsPick) {
  std::string big = "dpreme=" + std::string(5000, 'x');
  RequestCookies c = RequestCookies::parse({"dpreme=1234; " + big + "; other=1"});
  EXPECT_EQ(c.values("dpreme"), (Views{"1234"}));
  EXPECT_EQ(c.size(), 2u);
  EXPECT_EQ(c.pick("dpreme", any), std::nullopt);
  EXPECT_EQ(c.pick("other", any), "1");

  RequestCookies only_big = RequestCookies::parse({big});
  EXPECT_FALSE(only_big.present("dpreme"));
  EXPECT_TRUE(only_big.sent("dpreme"));
  EXPECT_EQ(only_big.size(), 0u);
  EXPECT_EQ(only_big.pick("dpreme", any), std::nullopt);

  RequestCookies at_limit = RequestCookies::parse({"a=" + std::string(4096, 'y')});
  ASSERT_EQ(at_limit.values("a").size(), 1u);
  EXPECT_EQ(at_limit.values("a")[0].size(), 4096u);
}

TEST(RequestCookiesTest, PickWithDuplicates) {
  RequestCookies valid_invalid = RequestCookies::parse({"t=1234; t=evil"});
  EXPECT_EQ(valid_invalid.pick("t", looks_like_token), std::nullopt);
  RequestCookies invalid_valid = RequestCookies::parse({"t=evil", "t=1234"});
  EXPECT_EQ(invalid_valid.pick("t", looks_like_token), std::nullopt);
  RequestCookies valid_valid = RequestCookies::parse({"t=1111; t=2222"});
  EXPECT_EQ(valid_valid.pick("t", looks_like_token), "1111");
  RequestCookies single = RequestCookies::parse({"t=1234"});
  EXPECT_EQ(single.pick("t", looks_like_token), "1234");
  RequestCookies single_invalid = RequestCookies::parse({"t=nope"});
  EXPECT_EQ(single_invalid.pick("t", looks_like_token), std::nullopt);
  EXPECT_EQ(single.pick("absent", any), std::nullopt);
}

TEST(RequestCookiesTest, NamesAreCaseSensitive) {
  RequestCookies c = RequestCookies::parse({"__host-dpreme=a; DPREME=b; dpreme=c"});
  EXPECT_FALSE(c.present("__Host-dpreme"));
  EXPECT_EQ(c.values("__host-dpreme"), (Views{"a"}));
  EXPECT_EQ(c.values("dpreme"), (Views{"c"}));
  EXPECT_EQ(c.pick("dpreme", any), "c");
}

TEST(RequestCookiesTest, KeepsAtMost200Pairs) {
  std::string header;
  for (int i = 0; i < 300; ++i) header += "n" + std::to_string(i) + "=" + std::to_string(i) + "; ";
  RequestCookies c = RequestCookies::parse({header, "late=1"});
  EXPECT_EQ(c.size(), 200u);
  EXPECT_EQ(c.values("n0"), (Views{"0"}));
  EXPECT_EQ(c.values("n199"), (Views{"199"}));
  EXPECT_FALSE(c.present("n200"));
  EXPECT_FALSE(c.present("n299"));
  EXPECT_FALSE(c.present("late"));
}

TEST(RequestCookiesTest, ViewsOutliveTheInputAndSurviveMoves) {
  std::string header = "a=hello";
  RequestCookies c = RequestCookies::parse({header});
  header.assign(header.size(), 'z');
  RequestCookies moved = std::move(c);
  EXPECT_EQ(moved.values("a"), (Views{"hello"}));
}

TEST(RequestCookiesTest, RandomBytesNeverCrash) {
  std::mt19937 rng(12345);
  const std::string alphabet = std::string("=; \t\"\r\n,abc") + '\0' + "\x80\xff";
  size_t kept = 0;
  for (int i = 0; i < 4000; ++i) {
    std::vector<std::string> headers(1 + rng() % 3);
    for (std::string& h : headers) {
      size_t len = rng() % (i % 100 == 0 ? 9000 : 200);
      h.resize(len);
      for (char& ch : h) ch = (rng() % 2) ? alphabet[rng() % alphabet.size()] : static_cast<char>(rng() & 0xff);
    }
    std::vector<std::string_view> views(headers.begin(), headers.end());
    RequestCookies c = RequestCookies::parse(views);
    ASSERT_LE(c.size(), kMaxRequestPairs);
    kept += c.size();
    for (std::string_view v : c.values("a")) ASSERT_LE(v.size(), 4096u);
    (void)c.pick("a", any);
    (void)c.present("");
  }
  EXPECT_GT(kept, 0u);
}

}  // namespace
}  // namespace deskd::cookies
