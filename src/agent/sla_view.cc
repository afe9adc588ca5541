#include "agent/sla_view.h"

#include "sla/business_clock.h"

namespace deskd::agent {

const char* sla_state_name(SlaState state) {
  switch (state) {
    case SlaState::kNone: return "none";
    case SlaState::kDue: return "due";
    case SlaState::kBreached: return "breached";
    case SlaState::kMet: return "met";
    case SlaState::kMissed: return "missed";
  }
  return "none";
}

SlaState sla_state(std::optional<int64_t> due, std::optional<int64_t> done, int64_t now_ms) {
  if (!due) return SlaState::kNone;
  if (done) return *done <= *due ? SlaState::kMet : SlaState::kMissed;
  return now_ms >= *due ? SlaState::kBreached : SlaState::kDue;
}

SlaLine sla_line(const i18n::Catalogs& catalogs, std::string_view lang, std::optional<int64_t> due,
                 std::optional<int64_t> done, int64_t now_ms, std::string_view zone) {
  SlaLine line;
  line.state = sla_state(due, done, now_ms);
  auto when = [&](int64_t ms) { return sla::format_local(ms, zone) + " (" + std::string(zone) + ")"; };
  switch (line.state) {
    case SlaState::kNone: line.text = catalogs.text(lang, "desk.sla.none"); break;
    case SlaState::kDue: line.text = catalogs.format(lang, "desk.sla.due", {{"when", when(*due)}}); break;
    case SlaState::kBreached: line.text = catalogs.format(lang, "desk.sla.breached", {{"when", when(*due)}}); break;
    case SlaState::kMet: line.text = catalogs.format(lang, "desk.sla.met", {{"when", when(*done)}}); break;
    case SlaState::kMissed:
      line.text = catalogs.format(lang, "desk.sla.missed", {{"when", when(*due)}, {"done", when(*done)}});
      break;
  }
  return line;
}

SlaLine next_due_line(const i18n::Catalogs& catalogs, std::string_view lang, const storage::Ticket& t, int64_t now_ms,
                      std::string_view zone) {
  if (t.first_response_due_ms && !t.first_replied_ms)
    return sla_line(catalogs, lang, t.first_response_due_ms, std::nullopt, now_ms, zone);
  return sla_line(catalogs, lang, t.resolution_due_ms, t.resolved_ms, now_ms, zone);
}

}  // namespace deskd::agent
