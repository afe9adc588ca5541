#pragma once
// How the agent desk shows a ticket's SLA (docs/agent-desk.md "SLA"): one
// line per metric on the ticket page, the next unmet due time in lists.
// Times are shown in the SLA schedule's time zone. Pure functions.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "i18n/catalog.h"
#include "storage/ticket_store.h"

namespace deskd::agent {

// The state of one SLA metric of a ticket at `now_ms`.
enum class SlaState { kNone, kDue, kBreached, kMet, kMissed };
const char* sla_state_name(SlaState state);  // "none" | "due" | "breached" | "met" | "missed"

struct SlaLine {
  SlaState state = SlaState::kNone;
  std::string text;  // e.g. "due 2026-11-30 14:00 (Europe/Copenhagen)"
};

// due: the metric's due time; done: when it was met (first agent reply /
// resolution), if it was.
SlaState sla_state(std::optional<int64_t> due, std::optional<int64_t> done, int64_t now_ms);
SlaLine sla_line(const i18n::Catalogs& catalogs, std::string_view lang, std::optional<int64_t> due,
                 std::optional<int64_t> done, int64_t now_ms, std::string_view zone);
// For lists: the first response line while it is not met, else the
// resolution line.
SlaLine next_due_line(const i18n::Catalogs& catalogs, std::string_view lang, const storage::Ticket& t, int64_t now_ms,
                      std::string_view zone);

}  // namespace deskd::agent
