#include "i18n/format.h"

#include <gtest/gtest.h>

#include <limits>

namespace deskd::i18n {
namespace {

TEST(FormatNumberTest, GroupsThousandsPerLanguage) {
  EXPECT_EQ(format_number("en", 1234567), "1,234,567");
  EXPECT_EQ(format_number("da", 1234567), "1.234.567");
  EXPECT_EQ(format_number("de", 1234567), "1.234.567");
  EXPECT_EQ(format_number("de-AT", 1000), "1.000");
  EXPECT_EQ(format_number("fr", 1000), "1,000");
  EXPECT_EQ(format_number("en", 0), "0");
  EXPECT_EQ(format_number("en", 999), "999");
  EXPECT_EQ(format_number("en", 1000), "1,000");
  EXPECT_EQ(format_number("en", 100000), "100,000");
  EXPECT_EQ(format_number("en", -1234), "-1,234");
  EXPECT_EQ(format_number("da", -999), "-999");
  EXPECT_EQ(format_number("en", std::numeric_limits<int64_t>::max()), "9,223,372,036,854,775,807");
  EXPECT_EQ(format_number("de", std::numeric_limits<int64_t>::min()), "-9.223.372.036.854.775.808");
}

TEST(FormatDateTest, WritesTheUtcDatePerLanguage) {
  const int64_t seed_date = 1691625600000;  // 2023-08-10T00:00:00Z
  EXPECT_EQ(format_date("en", seed_date), "10 August 2023");
  EXPECT_EQ(format_date("da", seed_date), "10. august 2023");
  EXPECT_EQ(format_date("de", seed_date), "10. August 2023");
  EXPECT_EQ(format_date("en", seed_date + 86'400'000 - 1), "10 August 2023");
  EXPECT_EQ(format_date("en", seed_date - 1), "9 August 2023");
  EXPECT_EQ(format_date("de", 1709251200000), "1. März 2024");  // 2024-03-01, after a leap day
  EXPECT_EQ(format_date("da", 1709164800000), "29. februar 2024");
  EXPECT_EQ(format_date("en", 0), "1 January 1970");
  EXPECT_EQ(format_date("en", -1), "31 December 1969");
  EXPECT_EQ(format_date("xx", seed_date), "10 August 2023");
}

TEST(FormatDateTest, ClampsAbsurdTimestamps) {
  EXPECT_EQ(format_date("en", std::numeric_limits<int64_t>::max()), "31 December 9999");
  EXPECT_EQ(format_date("en", std::numeric_limits<int64_t>::min()), "1 January 1");
}

TEST(LanguageNameTest, UsesEndonyms) {
  EXPECT_EQ(language_name("en"), "English");
  EXPECT_EQ(language_name("da"), "Dansk");
  EXPECT_EQ(language_name("de"), "Deutsch");
  EXPECT_EQ(language_name("de-CH"), "Deutsch");
  EXPECT_EQ(language_name("fr"), "Français");
  EXPECT_EQ(language_name("qq"), "qq");
}

}  // namespace
}  // namespace deskd::i18n
