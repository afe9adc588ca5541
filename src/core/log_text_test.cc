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

TEST(LogTextTest, CutsLongValues) {
  const std::string out = log_text(std::string(2000, 'x'));
  EXPECT_EQ(out.size(), kMaxLoggedValueBytes + 3);
  EXPECT_TRUE(out.ends_with("..."));
}

}  // namespace
}  // namespace deskd
