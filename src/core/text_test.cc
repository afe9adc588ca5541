#include "core/text.h"

#include <gtest/gtest.h>

namespace deskd {
namespace {

TEST(TextTest, TrimOwsDropsOnlySpacesAndTabs) {
  EXPECT_EQ(trim_ows(" \t a b \t "), "a b");
  EXPECT_EQ(trim_ows("\r\nx\r\n"), "\r\nx\r\n") << "CR/LF are not optional whitespace";
  EXPECT_EQ(trim_ows(""), "");
  EXPECT_EQ(trim_ows(" \t "), "");
}

TEST(TextTest, TrimSpaceDropsAsciiWhitespaceOnly) {
  EXPECT_EQ(trim_space("\r\n\t\v\f x y \r\n"), "x y");
  EXPECT_EQ(trim_space("   "), "");
  // U+00A0 (C2 A0) and U+3000 (E3 80 80) are not ASCII: never cut in half.
  EXPECT_EQ(trim_space("\xc2\xa0x\xe3\x80\x80"), "\xc2\xa0x\xe3\x80\x80");
  const std::string with_nul("\0x\0", 3);
  EXPECT_EQ(trim_space(with_nul), with_nul);
}

TEST(TextTest, AsciiLowerFoldsOnlyAsciiLetters) {
  EXPECT_EQ(ascii_lower("Ann@Example.COM"), "ann@example.com");
  EXPECT_EQ(ascii_lower("ÄÖÜ İ"), "ÄÖÜ İ") << "non-ASCII bytes are left alone";
  EXPECT_EQ(ascii_lower("[@`{"), "[@`{") << "the bytes next to A-Z";
  EXPECT_EQ(ascii_lower('Q'), 'q');
  EXPECT_EQ(ascii_lower('\xc3'), '\xc3');
}

TEST(TextTest, IequalsAscii) {
  EXPECT_TRUE(iequals_ascii("Chunked", "chunked"));
  EXPECT_FALSE(iequals_ascii("chunked", "chunke"));
  EXPECT_FALSE(iequals_ascii("Ä", "ä"));
  EXPECT_TRUE(iequals_ascii("", ""));
}

}  // namespace
}  // namespace deskd
