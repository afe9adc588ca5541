#pragma once
// SLA arithmetic (SPEC §11, docs/agent-desk.md "SLA"): when a target of N
// minutes that starts at a given instant falls due, counting either every
// minute (no schedule) or only the minutes inside a weekly business-hours
// schedule read in an IANA time zone. Days are walked in local civil time and
// each opening and closing is converted to an instant separately, so a day
// shortened or lengthened by a DST change counts its real length, and an
// opening that falls in a skipped hour starts at the first instant after it.
//
// Pure functions; thread-safe (absl caches loaded zones internally).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace deskd::sla {

// One day's opening hours as minutes since local midnight, [open, close).
// open == close means closed all day; close may be 1440 (midnight at the end).
struct DayHours {
  int open_minute = 0;
  int close_minute = 0;
  bool is_open() const { return close_minute > open_minute; }
};

// The business-hours schedule. days[0] is Monday … days[6] Sunday.
struct Schedule {
  bool enabled = false;  // false: every minute counts (24/7)
  std::string time_zone = "UTC";
  std::array<DayHours, 7> days{};
};

inline constexpr int kMaxTargetMinutes = 366 * 24 * 60;  // a target longer than a year is refused

// Checks a schedule an admin wants to save: a time zone the system knows,
// 0 <= open <= close <= 1440 each day, and (when enabled) at least one open day.
Status validate(const Schedule& schedule);

// The instant `minutes` counted minutes after `start_ms`. With the schedule
// disabled: start_ms + minutes * 60,000. InvalidArgument for a negative or
// too long target or an invalid schedule.
Result<int64_t> due_ms(int64_t start_ms, int minutes, const Schedule& schedule);

// Testing knob (DESKD_TEST_SLA_MINUTE_MS, docs/operations.md): how many
// milliseconds a counted minute lasts when no schedule is enabled, so tests
// can breach a one-minute target in a second. Process-wide; 60,000 unless
// set; values outside 1..60,000 are ignored.
void set_minute_ms_for_testing(int64_t ms);

// "HH:MM" (00:00 … 24:00) <-> minutes since midnight.
std::optional<int> parse_clock(std::string_view text);
std::string format_clock(int minute);

// The week as stored (sla_schedule.week): seven "HH:MM-HH:MM" or "closed",
// Monday first, separated by single spaces. parse_week: nullopt when malformed.
std::string format_week(const std::array<DayHours, 7>& days);
std::optional<std::array<DayHours, 7>> parse_week(std::string_view text);

// Local civil time of `ms` in `time_zone` as "YYYY-MM-DD HH:MM" (for pages);
// falls back to UTC when the zone is unknown.
std::string format_local(int64_t ms, std::string_view time_zone);

}  // namespace deskd::sla
