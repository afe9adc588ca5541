#pragma once
// The numbers of the agent reports page (SPEC §11, issue 15 item 9), computed
// from raw times the store returns (storage::InsightStore), by UTC day. Pure
// functions: no storage, no clock.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/insight_store.h"

namespace deskd::agent {

inline constexpr int64_t kDayMs = 86'400'000;

struct ReportDay {
  int64_t day = 0;  // days since 1970-01-01 (UTC)
  int64_t opened = 0;
  int64_t resolved = 0;
  int64_t chats_answered = 0;
  int64_t sla_breaches = 0;                         // SLA targets due that day and missed
  std::optional<int64_t> median_first_response_ms;  // of the tickets opened that day
  std::optional<int64_t> median_resolution_ms;      // of the tickets opened that day and resolved since
};

struct ReportFigures {
  std::vector<ReportDay> days;  // first_day .. first_day + count - 1, every day present
  int64_t opened = 0;
  int64_t resolved = 0;
  int64_t chats_answered = 0;
  int64_t sla_breaches = 0;
  std::optional<int64_t> median_first_response_ms;
  std::optional<int64_t> median_resolution_ms;
  storage::DeflectionCounts deflection;
};

// The middle value (the mean of the two middle ones, rounded down, for an even
// count); nullopt when empty.
std::optional<int64_t> median(std::vector<int64_t> values);

// Buckets the inputs (each already limited to [first_day, first_day + count)
// days by the store; values outside are ignored) into `count` days.
ReportFigures compute_report(int64_t first_day, int count, const std::vector<storage::TicketTimes>& tickets,
                             const std::vector<int64_t>& resolved_ms, const std::vector<int64_t>& chats_accepted_ms,
                             storage::DeflectionCounts deflection);

// Counts SLA breaches (the due times SlaStore::breaches returns) into the
// days of `figures`; due times outside its days are ignored.
void add_sla_breaches(ReportFigures& figures, const std::vector<int64_t>& due_ms);

// "2026-11-30" for a day number.
std::string iso_day(int64_t day);

// The CSV export: a header line, then one line per day:
// date,opened,resolved,chats_answered,median_first_response_s,median_resolution_s,sla_breaches
// (an empty field when there is no median). CRLF line ends (RFC 4180).
std::string report_csv(const ReportFigures& figures);

}  // namespace deskd::agent
