#include "sla/business_clock.h"

#include <absl/time/civil_time.h>
#include <absl/time/time.h>
#include <gtest/gtest.h>

namespace deskd::sla {
namespace {

// An instant given as local civil time in `zone` (the inputs of the tests).
int64_t local_ms(int y, int mo, int d, int h, int mi, const char* zone) {
  absl::TimeZone tz;
  EXPECT_TRUE(absl::LoadTimeZone(zone, &tz));
  return absl::ToUnixMillis(absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, 0), tz));
}

Schedule office(const char* zone, int open = 9 * 60, int close = 17 * 60) {
  Schedule s;
  s.enabled = true;
  s.time_zone = zone;
  for (int i = 0; i < 5; ++i) s.days[i] = {open, close};  // Monday to Friday; weekend closed
  return s;
}

std::string due_local(int64_t start, int minutes, const Schedule& s) {
  Result<int64_t> due = due_ms(start, minutes, s);
  EXPECT_TRUE(due.is_ok()) << due.status().to_string();
  return due.is_ok() ? format_local(*due, s.time_zone) : "";
}

TEST(BusinessClock, WithoutScheduleEveryMinuteCounts) {
  Schedule s;  // disabled
  EXPECT_EQ(*due_ms(1'000'000, 90, s), 1'000'000 + 90 * 60'000);
  EXPECT_EQ(*due_ms(1'000'000, 0, s), 1'000'000);
}

TEST(BusinessClock, InsideOneDay) {
  const Schedule s = office("Europe/Copenhagen");
  // Monday 2026-11-30 10:00 + 4 h = 14:00 the same day.
  EXPECT_EQ(due_local(local_ms(2026, 11, 30, 10, 0, "Europe/Copenhagen"), 240, s), "2026-11-30 14:00");
  // Exactly to closing time stays on that day.
  EXPECT_EQ(due_local(local_ms(2026, 11, 30, 10, 0, "Europe/Copenhagen"), 420, s), "2026-11-30 17:00");
}

TEST(BusinessClock, StartBeforeOpeningCountsFromOpening) {
  const Schedule s = office("Europe/Copenhagen");
  EXPECT_EQ(due_local(local_ms(2026, 11, 30, 6, 30, "Europe/Copenhagen"), 60, s), "2026-11-30 10:00");
}

TEST(BusinessClock, SkipsTheWeekend) {
  const Schedule s = office("Europe/Copenhagen");
  // Friday 2026-11-27 16:00 + 2 business hours: 1 h on Friday, 1 h on Monday.
  EXPECT_EQ(due_local(local_ms(2026, 11, 27, 16, 0, "Europe/Copenhagen"), 120, s), "2026-11-30 10:00");
  // A ticket written on Saturday night waits for Monday morning.
  EXPECT_EQ(due_local(local_ms(2026, 11, 28, 23, 0, "Europe/Copenhagen"), 30, s), "2026-11-30 09:30");
  // 8 business hours = one whole day: Friday 09:00 -> Friday 17:00; +1 minute -> Monday 09:01.
  EXPECT_EQ(due_local(local_ms(2026, 11, 27, 9, 0, "Europe/Copenhagen"), 480, s), "2026-11-27 17:00");
  EXPECT_EQ(due_local(local_ms(2026, 11, 27, 9, 0, "Europe/Copenhagen"), 481, s), "2026-11-30 09:01");
}

TEST(BusinessClock, AcrossMidnight) {
  // A night shift: Monday 20:00-24:00 and Tuesday 00:00-06:00 run into each other.
  Schedule s;
  s.enabled = true;
  s.time_zone = "UTC";
  s.days[0] = {20 * 60, 24 * 60};
  s.days[1] = {0, 6 * 60};
  EXPECT_EQ(due_local(local_ms(2026, 11, 30, 23, 0, "UTC"), 120, s), "2026-12-01 01:00");
  // Past Tuesday 06:00 the next opening is the following Monday 20:00.
  EXPECT_EQ(due_local(local_ms(2026, 12, 1, 5, 0, "UTC"), 90, s), "2026-12-07 20:30");
}

TEST(BusinessClock, DstSpringForwardDayIsShorter) {
  // Europe/Copenhagen skips 02:00-03:00 on Sunday 2026-03-29. Open all day on Sundays only.
  Schedule s;
  s.enabled = true;
  s.time_zone = "Europe/Copenhagen";
  s.days[6] = {0, 24 * 60};
  const int64_t start = local_ms(2026, 3, 29, 0, 0, "Europe/Copenhagen");
  // 23 real hours fit in that Sunday; the 24th hour lands on the next Sunday.
  EXPECT_EQ(due_local(start, 23 * 60, s), "2026-03-30 00:00");
  EXPECT_EQ(due_local(start, 24 * 60, s), "2026-04-05 01:00");
  // Three hours from midnight across the gap: 01:00, (02:00 skipped) 04:00 wall clock.
  EXPECT_EQ(due_local(start, 180, s), "2026-03-29 04:00");
  EXPECT_EQ(*due_ms(start, 180, s) - start, 3 * 3'600'000);
}

TEST(BusinessClock, DstFallBackDayIsLonger) {
  // Europe/Copenhagen repeats 02:00-03:00 on Sunday 2026-10-25: 25 real hours.
  Schedule s;
  s.enabled = true;
  s.time_zone = "Europe/Copenhagen";
  s.days[6] = {0, 24 * 60};
  const int64_t start = local_ms(2026, 10, 25, 0, 0, "Europe/Copenhagen");
  EXPECT_EQ(due_local(start, 25 * 60, s), "2026-10-26 00:00");
  EXPECT_EQ(*due_ms(start, 25 * 60, s) - start, 25 * 3'600'000LL);
}

TEST(BusinessClock, TimeZoneDecidesTheDay) {
  // Friday 23:30 UTC is already Saturday in Tokyo: the weekend there.
  const Schedule tokyo = office("Asia/Tokyo");
  EXPECT_EQ(due_local(local_ms(2026, 11, 27, 23, 30, "UTC"), 60, tokyo), "2026-11-30 10:00");
  // The same instant in New York is Friday 18:30, after closing: Monday 10:00 there.
  const Schedule ny = office("America/New_York");
  EXPECT_EQ(due_local(local_ms(2026, 11, 27, 23, 30, "UTC"), 60, ny), "2026-11-30 10:00");
}

TEST(BusinessClock, RefusesBadInput) {
  Schedule s = office("Mars/Olympus_Mons");
  EXPECT_EQ(validate(s).code(), Code::kInvalidArgument);
  EXPECT_EQ(due_ms(0, 10, s).status().code(), Code::kInvalidArgument);
  s = office("UTC");
  s.days[2] = {600, 500};
  EXPECT_EQ(validate(s).code(), Code::kInvalidArgument);
  s = office("UTC");
  for (auto& d : s.days) d = {};
  EXPECT_EQ(validate(s).code(), Code::kInvalidArgument);  // enabled with no open day
  s.enabled = false;
  EXPECT_TRUE(validate(s).is_ok());
  EXPECT_EQ(due_ms(0, -1, s).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(due_ms(0, kMaxTargetMinutes + 1, s).status().code(), Code::kInvalidArgument);
  // A schedule with one minute a week cannot hold a year-long target: refused, not spun.
  Schedule sparse = office("UTC", 600, 601);
  EXPECT_EQ(due_ms(0, kMaxTargetMinutes, sparse).status().code(), Code::kInvalidArgument);
}

TEST(BusinessClock, Clock) {
  EXPECT_EQ(parse_clock("09:30"), 570);
  EXPECT_EQ(parse_clock("24:00"), 1440);
  EXPECT_EQ(parse_clock("00:00"), 0);
  EXPECT_FALSE(parse_clock("24:01"));
  EXPECT_FALSE(parse_clock("9:30"));
  EXPECT_FALSE(parse_clock("09:60"));
  EXPECT_FALSE(parse_clock("ab:cd"));
  EXPECT_EQ(format_clock(570), "09:30");
  EXPECT_EQ(format_clock(1440), "24:00");
}

TEST(BusinessClock, WeekText) {
  const Schedule s = office("UTC", 9 * 60, 24 * 60);
  const std::string text = format_week(s.days);
  EXPECT_EQ(text, "09:00-24:00 09:00-24:00 09:00-24:00 09:00-24:00 09:00-24:00 closed closed");
  auto back = parse_week(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(format_week(*back), text);
  EXPECT_FALSE(parse_week("09:00-17:00"));                                          // six days missing
  EXPECT_FALSE(parse_week(text + " closed"));                                       // eight days
  EXPECT_FALSE(parse_week("17:00-09:00 closed closed closed closed closed closed"));  // backwards
  EXPECT_FALSE(parse_week("9:00-17:00x closed closed closed closed closed closed"));
}

}  // namespace
}  // namespace deskd::sla
