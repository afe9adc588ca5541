#include "i18n/format.h"

#include <algorithm>
#include <array>
#include <chrono>

namespace deskd::i18n {
namespace {

enum class Locale { kEn, kDa, kDe };

Locale locale_of(std::string_view lang) {
  std::string_view primary = lang.substr(0, lang.find('-'));
  if (primary == "da") return Locale::kDa;
  if (primary == "de") return Locale::kDe;
  return Locale::kEn;
}

constexpr std::array<const char*, 12> kMonthsEn = {"January",   "February", "March",    "April",
                                                   "May",       "June",     "July",     "August",
                                                   "September", "October",  "November", "December"};
constexpr std::array<const char*, 12> kMonthsDa = {"januar", "februar", "marts",     "april",   "maj",      "juni",
                                                   "juli",   "august",  "september", "oktober", "november", "december"};
constexpr std::array<const char*, 12> kMonthsDe = {"Januar", "Februar", "März",      "April",   "Mai",      "Juni",
                                                   "Juli",   "August",  "September", "Oktober", "November", "Dezember"};

// 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999Z: the dates a four-digit year can show.
constexpr int64_t kMinDateMs = -62'135'596'800'000;
constexpr int64_t kMaxDateMs = 253'402'300'799'999;

struct Endonym {
  std::string_view code;
  std::string_view name;
};
constexpr std::array<Endonym, 16> kEndonyms = {{
    {"da", "Dansk"},
    {"de", "Deutsch"},
    {"en", "English"},
    {"es", "Español"},
    {"fi", "Suomi"},
    {"fr", "Français"},
    {"is", "Íslenska"},
    {"it", "Italiano"},
    {"nb", "Norsk bokmål"},
    {"nl", "Nederlands"},
    {"nn", "Norsk nynorsk"},
    {"pl", "Polski"},
    {"pt", "Português"},
    {"sv", "Svenska"},
    {"tr", "Türkçe"},
    {"uk", "Українська"},
}};

}  // namespace

std::string format_number(std::string_view lang, int64_t n) {
  const char separator = locale_of(lang) == Locale::kEn ? ',' : '.';
  // Magnitude as unsigned so INT64_MIN does not overflow.
  uint64_t magnitude = n < 0 ? 0 - static_cast<uint64_t>(n) : static_cast<uint64_t>(n);
  std::string digits = std::to_string(magnitude);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3 + 1);
  if (n < 0) out.push_back('-');
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(separator);
    out.push_back(digits[i]);
  }
  return out;
}

std::string format_date(std::string_view lang, int64_t unix_ms) {
  using namespace std::chrono;
  unix_ms = std::clamp(unix_ms, kMinDateMs, kMaxDateMs);
  const sys_days day = floor<days>(sys_time<milliseconds>(milliseconds(unix_ms)));
  const year_month_day ymd(day);
  const unsigned d = static_cast<unsigned>(ymd.day());
  const unsigned m = static_cast<unsigned>(ymd.month()) - 1;
  const std::string y = std::to_string(static_cast<int>(ymd.year()));
  switch (locale_of(lang)) {
    case Locale::kDa: return std::to_string(d) + ". " + kMonthsDa[m] + " " + y;
    case Locale::kDe: return std::to_string(d) + ". " + kMonthsDe[m] + " " + y;
    case Locale::kEn: break;
  }
  return std::to_string(d) + " " + kMonthsEn[m] + " " + y;
}

std::string language_name(std::string_view lang) {
  std::string_view primary = lang.substr(0, lang.find('-'));
  for (const auto& e : kEndonyms) {
    if (e.code == primary) return std::string(e.name);
  }
  return std::string(lang);
}

}  // namespace deskd::i18n
