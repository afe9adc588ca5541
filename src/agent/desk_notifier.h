#pragma once
// The agent desk's notifications (issue 15 items 4 and 6; docs/agent-desk.md
// "Notifications"), sent by one background thread per node:
//  - a requester's reply: to the ticket's assignee;
//  - a new ticket still unassigned: to its group's members (no group: every
//    agent and admin);
//  - an SLA breach (first response or resolution overdue): to the ticket's
//    group's members (no group: every agent and admin) and its assignee.
// Each goes live to the agent's sockets (`live`, which publishes through the
// messenger's PubSub, so over Redis to every node when configured) as
// {"type":"desk_notification","kind":"reply"|"new_ticket"|"sla_breach",
//  "ref","subject","text","url"}, and by e-mail (through the outbox, in the
// agent's language) unless the agent turned e-mail notifications off.
// Work is claimed from the store (NotifyStore::claim_events,
// SlaStore::claim_breaches), so with several nodes each notification is
// sent once, by whichever node claimed it. Internal notes and agents'
// replies never notify anyone.
//
// Threading: start() runs a thread that calls run_once() every `period`
// until stop() (or destruction). run_once() may also be called directly
// (tests); it is not reentrant with the thread.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "i18n/catalog.h"
#include "storage/store.h"

namespace deskd::agent {

struct DeskNotifierParts {
  storage::Storage& storage;
  const i18n::Catalogs& catalogs;
  const Clock& clock;
  std::string origin;  // "https://help.example.com": where mailed links point
  // Sends one JSON text frame to every socket of an agent (any node).
  std::function<void(int64_t agent_id, std::string frame)> live;
};

class DeskNotifier {
 public:
  explicit DeskNotifier(DeskNotifierParts parts, std::chrono::milliseconds period = std::chrono::seconds(1));
  ~DeskNotifier();
  DeskNotifier(const DeskNotifier&) = delete;
  DeskNotifier& operator=(const DeskNotifier&) = delete;

  void start();
  void stop();
  // One round: claims and sends what is due. Failures are logged and counted
  // (failures(); /metrics deskd_desk_notify_failures_total); what was claimed
  // but could not be sent is not retried (claims are final: no duplicates).
  void run_once();
  uint64_t failures() const { return failures_.load(std::memory_order_relaxed); }

 private:
  struct Recipient {
    int64_t id = 0;
    std::string email;
    std::string language;
  };
  void loop();
  std::vector<Recipient> team_of(const storage::Ticket& t, bool with_assignee);
  void notify(const Recipient& r, const storage::Ticket& t, std::string_view kind, std::string_view live_key,
              std::string_view mail_key, std::vector<std::pair<std::string, std::string>> args);

  DeskNotifierParts parts_;
  const std::chrono::milliseconds period_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // guarded by mu_
  std::atomic<uint64_t> failures_{0};
  std::thread thread_;
};

}  // namespace deskd::agent
