#pragma once
// Locale-aware formatting of numbers, dates and language names for the Help
// Center languages. Pure functions; thread-safe. A language is chosen by its
// primary subtag ("da-DK" formats as "da"); unknown languages format as English.
#include <cstdint>
#include <string>
#include <string_view>

namespace deskd::i18n {

// Grouped thousands: en "1,234,567", da/de "1.234.567"; negatives keep their sign.
std::string format_number(std::string_view lang, int64_t n);

// The UTC calendar date of unix_ms: en "10 August 2023", da "10. august 2023",
// de "10. August 2023".
std::string format_date(std::string_view lang, int64_t unix_ms);

// The language's own name ("English", "Dansk", "Deutsch"); the code itself when unknown.
std::string language_name(std::string_view lang);

}  // namespace deskd::i18n
