#include "agent/report_figures.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace deskd::agent {
namespace {

int64_t day_of(int64_t ms) {
  return ms >= 0 ? ms / kDayMs : -((-ms + kDayMs - 1) / kDayMs);
}

std::string seconds_field(const std::optional<int64_t>& ms) {
  return ms ? std::to_string(*ms / 1000) : std::string();
}

}  // namespace

std::optional<int64_t> median(std::vector<int64_t> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const size_t mid = values.size() / 2;
  if (values.size() % 2 == 1) return values[mid];
  const int64_t a = values[mid - 1];
  const int64_t b = values[mid];
  return a + (b - a) / 2;
}

ReportFigures compute_report(int64_t first_day, int count, const std::vector<storage::TicketTimes>& tickets,
                             const std::vector<int64_t>& resolved_ms, const std::vector<int64_t>& chats_accepted_ms,
                             storage::DeflectionCounts deflection) {
  ReportFigures f;
  f.deflection = deflection;
  if (count <= 0) return f;
  f.days.resize(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) f.days[i].day = first_day + i;
  auto slot = [&](int64_t ms) -> ReportDay* {
    const int64_t d = day_of(ms) - first_day;
    return d >= 0 && d < count ? &f.days[static_cast<size_t>(d)] : nullptr;
  };
  std::vector<std::vector<int64_t>> first_by_day(count), resolution_by_day(count);
  std::vector<int64_t> first_all, resolution_all;
  for (const auto& t : tickets) {
    ReportDay* d = slot(t.created_ms);
    if (!d) continue;
    ++d->opened;
    ++f.opened;
    const size_t i = static_cast<size_t>(d->day - first_day);
    if (t.first_response_ms && *t.first_response_ms >= t.created_ms) {
      first_by_day[i].push_back(*t.first_response_ms - t.created_ms);
      first_all.push_back(*t.first_response_ms - t.created_ms);
    }
    if (t.resolved_ms && *t.resolved_ms >= t.created_ms) {
      resolution_by_day[i].push_back(*t.resolved_ms - t.created_ms);
      resolution_all.push_back(*t.resolved_ms - t.created_ms);
    }
  }
  for (int64_t ms : resolved_ms) {
    if (ReportDay* d = slot(ms)) {
      ++d->resolved;
      ++f.resolved;
    }
  }
  for (int64_t ms : chats_accepted_ms) {
    if (ReportDay* d = slot(ms)) {
      ++d->chats_answered;
      ++f.chats_answered;
    }
  }
  for (int i = 0; i < count; ++i) {
    f.days[i].median_first_response_ms = median(std::move(first_by_day[i]));
    f.days[i].median_resolution_ms = median(std::move(resolution_by_day[i]));
  }
  f.median_first_response_ms = median(std::move(first_all));
  f.median_resolution_ms = median(std::move(resolution_all));
  return f;
}

std::string iso_day(int64_t day) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

void add_sla_breaches(ReportFigures& f, const std::vector<int64_t>& due_ms) {
  if (f.days.empty()) return;
  const int64_t first = f.days.front().day;
  for (int64_t due : due_ms) {
    if (due < 0) continue;
    const int64_t index = due / kDayMs - first;
    if (index < 0 || index >= static_cast<int64_t>(f.days.size())) continue;
    ++f.days[index].sla_breaches;
    ++f.sla_breaches;
  }
}

std::string report_csv(const ReportFigures& f) {
  std::string out =
      "date,opened,resolved,chats_answered,median_first_response_s,median_resolution_s,sla_breaches\r\n";
  for (const auto& d : f.days) {
    out += iso_day(d.day) + ',' + std::to_string(d.opened) + ',' + std::to_string(d.resolved) + ',' +
           std::to_string(d.chats_answered) + ',' + seconds_field(d.median_first_response_ms) + ',' +
           seconds_field(d.median_resolution_ms) + ',' + std::to_string(d.sla_breaches) + "\r\n";
  }
  return out;
}

}  // namespace deskd::agent
