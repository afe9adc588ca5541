#pragma once
// SLA policy (targets per priority, business hours) and breach bookkeeping of
// the agent desk (issue 15 item 4; docs/agent-desk.md "SLA").
//
// Due times live on the ticket rows: TicketStore::create sets them from the
// policy in force (sla_due below), TicketStore::update recomputes them when a
// priority changes; a trigger records the first agent reply. Changing the
// policy does not move the due times of existing tickets.
//
// Threading: every call may block; call from worker threads. Implementations
// are thread-safe.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "sla/business_clock.h"
#include "storage/ticket_store.h"

namespace deskd::storage {

struct SlaTarget {
  std::optional<int> first_response_minutes;  // nullopt = no target
  std::optional<int> resolution_minutes;
};

struct SlaPolicy {
  std::map<TicketPriority, SlaTarget> targets;  // a missing priority has no targets
  sla::Schedule schedule;                       // disabled = every minute counts
};

struct SlaDue {
  std::optional<int64_t> first_response_ms;
  std::optional<int64_t> resolution_ms;
};

// The due times of a ticket of `priority` created at `created_ms`. A target
// the schedule cannot place (see sla::due_ms) yields no due time.
SlaDue sla_due(const SlaPolicy& policy, TicketPriority priority, int64_t created_ms);

enum class SlaMetric { kFirstResponse, kResolution };
const char* sla_metric_name(SlaMetric metric);  // "first_response" | "resolution"

struct SlaBreach {
  int64_t ticket_id = 0;
  std::string ref;
  SlaMetric metric = SlaMetric::kFirstResponse;
  int64_t due_ms = 0;
};

// Contract (pinned by storage/testing/sla_conformance.h):
//  - policy: what save_policy stored last; before any save, no targets and a
//    disabled schedule in "UTC" with every day closed.
//  - save_policy replaces the whole policy. InvalidArgument for a target
//    outside 1..sla::kMaxTargetMinutes or a schedule sla::validate refuses;
//    then nothing changes.
//  - claim_breaches: tickets still unsolved (open, pending) whose first
//    response (no agent reply yet) or resolution was due at or before now_ms
//    and whose breach nobody claimed yet; marks them claimed and returns them
//    (at most `limit`, oldest due first). Each breach is returned once, also
//    to concurrent callers on several nodes.
//  - breaches(from, to, now): the due times in [from, to) of every breach as
//    of now_ms: a first response due then that came later or not at all (by
//    now), a resolution due then that came later or not at all. Ascending.
class SlaStore {
 public:
  virtual ~SlaStore() = default;
  virtual Result<SlaPolicy> policy() = 0;
  virtual Status save_policy(const SlaPolicy& policy) = 0;
  virtual Result<std::vector<SlaBreach>> claim_breaches(int64_t now_ms, int limit) = 0;
  virtual Result<std::vector<int64_t>> breaches(int64_t from_ms, int64_t to_ms, int64_t now_ms) = 0;
};

// Checks a policy before it is saved (shared by the backends).
Status validate_sla_policy(const SlaPolicy& policy);

}  // namespace deskd::storage
