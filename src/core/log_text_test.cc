#include "core/log_text.h"

#include <gtest/gtest.h>

namespace deskd {
namespace {

TEST(LogTextTest, EscapesWhatCouldForgeALine) {
  EXPECT_EQ(log_text("/kb/articles/1"), "/kb/articles/1");
  EXPECT_EQ(log_text("1\nts=0 level=error FORGED"), "1\\x0ats=0 level=error FORGED");
  EXPECT_EQ(log_text("a\rb\tc\x7f"), "a\\x0db\\x09c\\x7f");
  EXPECT_EQ(log_text("say \"hi\" \\"), "say \\x22hi\\x22 \\x5c");
  EXPECT_EQ(log_text(std::string_view("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(log_text("caf\xC3\xA9"), "caf\xC3\xA9");
}

TEST(LogTextTest, KeepsUtf8AndEscapesEveryOtherHighByte) {
  EXPECT_EQ(log_text("\xE2\x82\xAC \xF0\x9F\x98\x80 \xC3\x85se"), "\xE2\x82\xAC \xF0\x9F\x98\x80 \xC3\x85se");
  EXPECT_EQ(log_text("/kb/\xFF\xFE"), "/kb/\\xff\\xfe");
  EXPECT_EQ(log_text("\xC3"), "\\xc3");                             // cut short
  EXPECT_EQ(log_text("\xC0\xAF"), "\\xc0\\xaf");                    // overlong '/'
  EXPECT_EQ(log_text("\xED\xA0\x80"), "\\xed\\xa0\\x80");           // a surrogate
  EXPECT_EQ(log_text("\xF4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // beyond U+10FFFF
  EXPECT_EQ(log_text(std::string("a\x80") + "b"), "a\\x80b");       // a stray continuation byte
}

TEST(LogTextTest, CutsLongValues) {
  const std::string out = log_text(std::string(2000, 'x'));
  EXPECT_EQ(out.size(), kMaxLoggedValueBytes + 3);
  EXPECT_TRUE(out.ends_with("..."));
}

}  // namespace
}  // namespace deskd
