#pragma once
// What the agent desk notifies agents about (issue 15 item 6;
// docs/agent-desk.md "Notifications"): new tickets and requesters' replies,
// claimed from the store by whichever node's notifier gets them first, and
// each agent's choice of e-mail notifications.
//
// Threading: every call may block; call from worker threads. Implementations
// are thread-safe.
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace deskd::storage {

enum class DeskEventKind { kNewTicket, kRequesterReply };

struct DeskEvent {
  DeskEventKind kind = DeskEventKind::kNewTicket;
  int64_t ticket_id = 0;
  std::string ref;         // the ticket's
  int64_t message_id = 0;  // the ticket's first message, or the reply
};

// Contract (pinned by storage/testing/notify_conformance.h):
//  - every ticket message is written "pending"; claim_events takes up to
//    `limit` pending messages (oldest first), marks them done and returns an
//    event for each that is a requester's reply: kNewTicket for a ticket's
//    first message, kRequesterReply for a later one. Agent replies and
//    internal notes are marked done without an event. Each message is
//    claimed once, also by concurrent callers.
//  - email_enabled: true unless set_email_enabled(person, false) was called
//    last; set_email_enabled: NotFound for an unknown person.
class NotifyStore {
 public:
  virtual ~NotifyStore() = default;
  virtual Result<std::vector<DeskEvent>> claim_events(int limit) = 0;
  virtual Result<bool> email_enabled(int64_t person_id) = 0;
  virtual Status set_email_enabled(int64_t person_id, bool enabled) = 0;
};

}  // namespace deskd::storage
