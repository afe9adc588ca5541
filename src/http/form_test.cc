#include "http/form.h"

#include <gtest/gtest.h>

#include <string>

namespace deskd::http {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

TEST(PercentDecodeTest, DecodesEscapes) {
  EXPECT_EQ(percent_decode("a%20b", false).value_or("?"), "a b");
  EXPECT_EQ(percent_decode("%41%42c", false).value_or("?"), "ABc");
  EXPECT_EQ(percent_decode("%4a%4A", false).value_or("?"), "JJ");
  EXPECT_EQ(percent_decode("%e2%82%ac", false).value_or("?"), "\xe2\x82\xac");
  EXPECT_EQ(percent_decode("%00", false).value_or("?"), std::string(1, '\0'));
  EXPECT_EQ(percent_decode("", false).value_or("?"), "");
  EXPECT_EQ(percent_decode("100%25", false).value_or("?"), "100%");
  EXPECT_EQ(percent_decode("/kb/articles/9-reset", true).value_or("?"), "/kb/articles/9-reset");  // nothing to decode
}

TEST(PercentDecodeTest, RejectsBadEscapes) {
  EXPECT_FALSE(percent_decode("%", false));
  EXPECT_FALSE(percent_decode("abc%", false));
  EXPECT_FALSE(percent_decode("%4", false));
  EXPECT_FALSE(percent_decode("abc%4", false));
  EXPECT_FALSE(percent_decode("%zz", false));
  EXPECT_FALSE(percent_decode("%g1", false));
  EXPECT_FALSE(percent_decode("%1g", false));
  EXPECT_FALSE(percent_decode("%%41", false));
  EXPECT_FALSE(percent_decode("% 1", false));
}

TEST(PercentDecodeTest, PlusHandling) {
  EXPECT_EQ(percent_decode("a+b", true).value_or("?"), "a b");
  EXPECT_EQ(percent_decode("a+b", false).value_or("?"), "a+b");
  EXPECT_EQ(percent_decode("a%2Bb", true).value_or("?"), "a+b");
  EXPECT_EQ(percent_decode("a%2bb", false).value_or("?"), "a+b");
}

TEST(PercentEncodeTest, KeepsUnreservedAndSlash) {
  EXPECT_EQ(percent_encode("abcXYZ019-_.~/"), "abcXYZ019-_.~/");
  EXPECT_EQ(percent_encode("a b&c=d?e#f"), "a%20b%26c%3Dd%3Fe%23f");
  EXPECT_EQ(percent_encode("\xc3\xa6"), "%C3%A6");
  EXPECT_EQ(percent_encode("+%"), "%2B%25");
  EXPECT_EQ(percent_decode(percent_encode("/kb?q=a b&x=\xc3\xa6"), false).value_or("?"), "/kb?q=a b&x=\xc3\xa6");
}

TEST(ParseUrlencodedTest, PairsInOrder) {
  auto f = parse_urlencoded("email=a%40b.dk&password=p+w&remember_me=1");
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->fields, (Fields{{"email", "a@b.dk"}, {"password", "p w"}, {"remember_me", "1"}}));
  EXPECT_EQ(f->get("email"), "a@b.dk");
  EXPECT_TRUE(f->has("remember_me"));
  EXPECT_FALSE(f->has("missing"));
  EXPECT_EQ(f->get("missing"), "");
}

TEST(ParseUrlencodedTest, EmptyInputAndEmptyPairs) {
  auto empty = parse_urlencoded("");
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->fields.empty());

  auto f = parse_urlencoded("&a=1&&b=2&");
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->fields, (Fields{{"a", "1"}, {"b", "2"}}));
}

TEST(ParseUrlencodedTest, PairWithoutEqualsHasEmptyValue) {
  auto f = parse_urlencoded("flag&x=&=v&a=b=c");
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->fields, (Fields{{"flag", ""}, {"x", ""}, {"", "v"}, {"a", "b=c"}}));
  EXPECT_TRUE(f->has("flag"));
}

TEST(ParseUrlencodedTest, FirstOccurrenceWins) {
  auto f = parse_urlencoded("a=1&a=2");
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->get("a"), "1");
  EXPECT_EQ(f->fields.size(), 2u);
}

TEST(ParseUrlencodedTest, NamesAreDecodedToo) {
  auto f = parse_urlencoded("_dp%5Fcsrf+token=x");
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->fields, (Fields{{"_dp_csrf token", "x"}}));
}

TEST(ParseUrlencodedTest, MaxFields) {
  EXPECT_TRUE(parse_urlencoded("a&b&c", 3).has_value());
  EXPECT_FALSE(parse_urlencoded("a&b&c&d", 3).has_value());
  EXPECT_TRUE(parse_urlencoded("a&&&&b&&&c&&&", 3).has_value());  // empty pairs do not count
  EXPECT_FALSE(parse_urlencoded("a", 0).has_value());
  EXPECT_TRUE(parse_urlencoded("", 0).has_value());
  std::string many;
  for (int i = 0; i < 201; ++i) many += "f" + std::to_string(i) + "=1&";
  EXPECT_FALSE(parse_urlencoded(many).has_value());  // default limit 200
}

TEST(ParseUrlencodedTest, BadEscapeRejectsTheWholeForm) {
  EXPECT_FALSE(parse_urlencoded("a=1&b=%").has_value());
  EXPECT_FALSE(parse_urlencoded("a=%4").has_value());
  EXPECT_FALSE(parse_urlencoded("a=%zz&b=1").has_value());
  EXPECT_FALSE(parse_urlencoded("%zz=1").has_value());
}

TEST(ParseUrlencodedTest, InvalidUtf8IsRejected) {
  EXPECT_TRUE(parse_urlencoded("q=%E2%82%AC").has_value());
  EXPECT_EQ(parse_urlencoded("q=%E2%82%AC")->get("q"), "\xe2\x82\xac");
  EXPECT_FALSE(parse_urlencoded("q=%C0%AF").has_value());      // overlong '/'
  EXPECT_FALSE(parse_urlencoded("q=%E0%80%AF").has_value());   // overlong, 3 bytes
  EXPECT_FALSE(parse_urlencoded("q=%ED%A0%80").has_value());   // surrogate U+D800
  EXPECT_FALSE(parse_urlencoded("q=%ED%BF%BF").has_value());   // surrogate U+DFFF
  EXPECT_FALSE(parse_urlencoded("q=%E2%82").has_value());      // truncated
  EXPECT_FALSE(parse_urlencoded("q=%E2%82&r=1").has_value());  // truncated mid-form
  EXPECT_FALSE(parse_urlencoded("q=%FF").has_value());
  EXPECT_FALSE(parse_urlencoded("%C3=1").has_value());   // in a name
  EXPECT_FALSE(parse_urlencoded("q=\xc3").has_value());  // raw bytes too
}

struct Utf8Case {
  std::string bytes;
  bool valid;
  const char* what;
};

TEST(ValidUtf8Test, Table) {
  const Utf8Case cases[] = {
      {"", true, "empty"},
      {"plain ascii", true, "ascii"},
      {std::string("a\0b", 3), true, "NUL is a valid code point"},
      {"\x7f", true, "U+007F"},
      {"\xc2\x80", true, "U+0080, smallest 2-byte"},
      {"\xc3\xa6\xc3\xb8\xc3\xa5", true, "Danish letters"},
      {"\xdf\xbf", true, "U+07FF"},
      {"\xe0\xa0\x80", true, "U+0800, smallest 3-byte"},
      {"\xe2\x82\xac", true, "euro sign"},
      {"\xed\x9f\xbf", true, "U+D7FF, below surrogates"},
      {"\xee\x80\x80", true, "U+E000, above surrogates"},
      {"\xef\xbf\xbf", true, "U+FFFF"},
      {"\xf0\x90\x80\x80", true, "U+10000, smallest 4-byte"},
      {"\xf0\x9f\x98\x80", true, "emoji"},
      {"\xf4\x8f\xbf\xbf", true, "U+10FFFF, largest"},
      {"\x80", false, "lone continuation byte"},
      {"a\xbf", false, "continuation after ascii"},
      {"\xc0\x80", false, "overlong NUL"},
      {"\xc0\xaf", false, "overlong '/'"},
      {"\xc1\xbf", false, "overlong 2-byte"},
      {"\xe0\x80\x80", false, "overlong 3-byte"},
      {"\xe0\x9f\xbf", false, "overlong U+07FF in 3 bytes"},
      {"\xf0\x80\x80\x80", false, "overlong 4-byte"},
      {"\xf0\x8f\xbf\xbf", false, "overlong U+FFFF in 4 bytes"},
      {"\xed\xa0\x80", false, "U+D800 surrogate"},
      {"\xed\xbf\xbf", false, "U+DFFF surrogate"},
      {"\xed\xa0\xbd\xed\xb8\x80", false, "CESU-8 surrogate pair"},
      {"\xf4\x90\x80\x80", false, "U+110000, above range"},
      {"\xf5\x80\x80\x80", false, "lead byte F5"},
      {"\xf8\x88\x80\x80\x80", false, "5-byte form"},
      {"\xfc\x84\x80\x80\x80\x80", false, "6-byte form"},
      {"\xfe", false, "FE"},
      {"\xff", false, "FF"},
      {"\xc3", false, "truncated 2-byte at end"},
      {"\xe2\x82", false, "truncated 3-byte at end"},
      {"\xf0\x9f\x98", false, "truncated 4-byte at end"},
      {"\xe2\x82x", false, "truncated 3-byte before ascii"},
      {"\xc3\x41", false, "bad continuation"},
      {"\xc3\xc3\xa6", false, "lead byte as continuation"},
  };
  for (const auto& c : cases) EXPECT_EQ(valid_utf8(c.bytes), c.valid) << c.what;
}

}  // namespace
}  // namespace deskd::http

namespace deskd::http {
namespace {

TEST(ParsePositiveIdTest, AcceptsPositiveDecimalIdsWithinTheLength) {
  EXPECT_EQ(parse_positive_id("42"), 42);
  EXPECT_EQ(parse_positive_id("007"), 7);
  EXPECT_EQ(parse_positive_id("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(parse_positive_id("123456789012345", 15), 123456789012345);
}

TEST(ParsePositiveIdTest, RefusesEverythingElse) {
  for (const char* bad :
       {"", "0", "000", "-1", "+1", " 1", "1 ", "1a", "0x10", "9223372036854775808", "99999999999999999999"}) {
    EXPECT_FALSE(parse_positive_id(bad).has_value()) << bad;
  }
  EXPECT_FALSE(parse_positive_id("1234567890123456", 15).has_value());
}

}  // namespace
}  // namespace deskd::http
