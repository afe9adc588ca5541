#include "helpcenter/kb_slug.h"

#include <gtest/gtest.h>

namespace deskd::helpcenter {
namespace {

TEST(KbSlug, LowercasesAndDashes) {
  EXPECT_EQ(slugify("What cookies does deskd use?"), "what-cookies-does-deskd-use");
  EXPECT_EQ(slugify("  --Hello,   World!-- "), "hello-world");
  EXPECT_EQ(slugify("Account & security"), "account-security");
  EXPECT_EQ(slugify("2FA in 3 steps"), "2fa-in-3-steps");
}

TEST(KbSlug, FoldsDanishAndGermanLetters) {
  EXPECT_EQ(slugify("Kontoret i København"), "kontoret-i-koebenhavn");
  EXPECT_EQ(slugify("Ærø og Århus"), "aeroe-og-aarhus");
  EXPECT_EQ(slugify("Grüße aus Köln, Ärger"), "gruesse-aus-koeln-aerger");
  EXPECT_EQ(slugify("Crème brûlée"), "creme-brulee");
}

TEST(KbSlug, OtherScriptsBecomeSeparators) {
  EXPECT_EQ(slugify("Привет world"), "world");
  EXPECT_EQ(slugify("日本"), "");
  EXPECT_EQ(slugify("<script>alert(1)</script>"), "script-alert-1-script");
}

TEST(KbSlug, IsCappedWithoutTrailingDash) {
  const std::string slug = slugify(std::string(79, 'a') + " b c");
  EXPECT_EQ(slug, std::string(79, 'a'));
  EXPECT_EQ(slugify(std::string(200, 'x')).size(), kMaxSlugBytes);
}

TEST(KbSlug, Validation) {
  EXPECT_TRUE(valid_slug("hello-world-2"));
  EXPECT_FALSE(valid_slug(""));
  EXPECT_FALSE(valid_slug("-x"));
  EXPECT_FALSE(valid_slug("x-"));
  EXPECT_FALSE(valid_slug("Hello"));
  EXPECT_FALSE(valid_slug("a/b"));
  EXPECT_FALSE(valid_slug(std::string(81, 'a')));
}

}  // namespace
}  // namespace deskd::helpcenter
