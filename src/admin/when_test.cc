#include "admin/when.h"

#include <gtest/gtest.h>

namespace deskd::admin {
namespace {

TEST(ParseDayMs, AcceptsCalendarDaysAtUtcMidnight) {
  EXPECT_EQ(parse_day_ms("1970-01-01"), 0);
  EXPECT_EQ(parse_day_ms("2023-08-10"), 1'691'625'600'000);
  EXPECT_EQ(parse_day_ms("2024-02-29"), 1'709'164'800'000);
}

TEST(ParseDayMs, RefusesWhatIsNotADay) {
  for (const char* bad : {"", "2023-8-10", "2023/08/10", "2023-13-01", "2023-00-10", "2023-02-29", "1900-02-29",
                          "2023-04-31", "1969-12-31", "2023-08-1x", "+023-08-10", "2023-08-100", " 2023-08-10"}) {
    EXPECT_FALSE(parse_day_ms(bad).has_value()) << bad;
  }
}

TEST(FormatWhen, LocalizedDateWithUtcTime) {
  const int64_t t = 1'691'625'600'000 + ((14 * 60 + 3) * 60 + 7) * 1000 + 999;
  EXPECT_EQ(format_when("en", t), "10 August 2023, 14:03:07 UTC");
  EXPECT_EQ(format_when("da", t), "10. august 2023, 14:03:07 UTC");
  EXPECT_EQ(format_when("de", t), "10. August 2023, 14:03:07 UTC");
}

}  // namespace
}  // namespace deskd::admin
