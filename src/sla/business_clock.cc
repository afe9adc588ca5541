#include "sla/business_clock.h"

#include <absl/time/civil_time.h>
#include <absl/time/time.h>

#include <algorithm>
#include <atomic>
#include <cstdio>

namespace deskd::sla {
namespace {

constexpr int kMinutesPerDay = 24 * 60;
std::atomic<int64_t> g_minute_ms{60'000};
constexpr int kMaxDaysWalked = 3700;  // ~10 years of calendar: a sparse schedule cannot spin

std::optional<absl::TimeZone> load_zone(std::string_view name) {
  absl::TimeZone tz;
  if (name.empty() || name.size() > 64 || !absl::LoadTimeZone(std::string(name), &tz)) return std::nullopt;
  return tz;
}

int weekday_index(absl::CivilDay day) {
  return static_cast<int>(absl::GetWeekday(day));  // absl: monday == 0 … sunday == 6
}

absl::Time at_minute(absl::CivilDay day, int minute, const absl::TimeZone& tz) {
  return absl::FromCivil(absl::CivilSecond(day) + int64_t{minute} * 60, tz);
}

}  // namespace

Status validate(const Schedule& schedule) {
  if (!load_zone(schedule.time_zone)) return invalid_argument("unknown time zone: " + schedule.time_zone);
  bool any_open = false;
  for (const DayHours& d : schedule.days) {
    if (d.open_minute < 0 || d.close_minute > kMinutesPerDay || d.open_minute > d.close_minute)
      return invalid_argument("opening hours must satisfy 00:00 <= open <= close <= 24:00");
    any_open = any_open || d.is_open();
  }
  if (schedule.enabled && !any_open) return invalid_argument("business hours need at least one open day");
  return Status::ok();
}

Result<int64_t> due_ms(int64_t start_ms, int minutes, const Schedule& schedule) {
  if (minutes < 0 || minutes > kMaxTargetMinutes) return invalid_argument("SLA target out of range");
  if (!schedule.enabled || minutes == 0) return start_ms + int64_t{minutes} * g_minute_ms.load();
  if (Status s = validate(schedule); !s.is_ok()) return s;
  const absl::TimeZone tz = *load_zone(schedule.time_zone);
  const absl::Time start = absl::FromUnixMillis(start_ms);
  absl::Duration remaining = absl::Minutes(minutes);
  absl::CivilDay day = absl::ToCivilDay(start, tz);
  for (int walked = 0; walked < kMaxDaysWalked; ++walked, ++day) {
    const DayHours& hours = schedule.days[weekday_index(day)];
    if (!hours.is_open()) continue;
    const absl::Time open = std::max(at_minute(day, hours.open_minute, tz), start);
    const absl::Time close = at_minute(day, hours.close_minute, tz);
    if (close <= open) continue;
    if (remaining <= close - open) return absl::ToUnixMillis(open + remaining);
    remaining -= close - open;
  }
  return invalid_argument("SLA target does not fit in ten years of this schedule");
}

void set_minute_ms_for_testing(int64_t ms) {
  if (ms >= 1 && ms <= 60'000) g_minute_ms.store(ms);
}

std::optional<int> parse_clock(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (size_t i : {0, 1, 3, 4})
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  const int h = (text[0] - '0') * 10 + (text[1] - '0');
  const int m = (text[3] - '0') * 10 + (text[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

std::string format_clock(int minute) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", std::clamp(minute, 0, kMinutesPerDay) / 60,
                std::clamp(minute, 0, kMinutesPerDay) % 60);
  return buf;
}

std::string format_week(const std::array<DayHours, 7>& days) {
  std::string out;
  for (const DayHours& d : days) {
    if (!out.empty()) out += ' ';
    out += d.is_open() ? format_clock(d.open_minute) + "-" + format_clock(d.close_minute) : "closed";
  }
  return out;
}

std::optional<std::array<DayHours, 7>> parse_week(std::string_view text) {
  std::array<DayHours, 7> days{};
  for (DayHours& d : days) {
    const size_t end = std::min(text.find(' '), text.size());
    const std::string_view item = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    if (item == "closed") continue;
    if (item.size() != 11 || item[5] != '-') return std::nullopt;
    const auto open = parse_clock(item.substr(0, 5));
    const auto close = parse_clock(item.substr(6));
    if (!open || !close || *open >= *close) return std::nullopt;
    d = {*open, *close};
  }
  if (!text.empty()) return std::nullopt;
  return days;
}

std::string format_local(int64_t ms, std::string_view time_zone) {
  const absl::TimeZone tz = load_zone(time_zone).value_or(absl::UTCTimeZone());
  return absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixMillis(ms), tz);
}

}  // namespace deskd::sla
