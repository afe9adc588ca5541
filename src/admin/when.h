#pragma once
// Calendar days and moments as the admin pages show and accept them. All times
// are UTC. Pure functions; thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace deskd::admin {

// Midnight UTC (Unix ms) of a "YYYY-MM-DD" day between 1970-01-01 and
// 9999-12-31; nullopt for anything else (wrong shape, month 13, 30 February).
std::optional<int64_t> parse_day_ms(std::string_view yyyy_mm_dd);

// A localized date with the UTC time of day: en "10 August 2023, 14:03:07 UTC".
std::string format_when(std::string_view lang, int64_t unix_ms);

}  // namespace deskd::admin
