#include "app/demo_desk.h"

#include <string>
#include <vector>

#include "helpcenter/tickets_ref.h"

namespace deskd::app {
namespace {

using storage::TicketPriority;
using storage::TicketStatus;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;

enum class Assign { kNobody, kAgent, kAdmin };

struct DemoTicket {
  const char* name;
  const char* email;
  const char* subject;
  const char* body;
  int group;  // index into the groups, -1 = none
  TicketPriority priority;
  Assign assignee;
  int64_t age_ms;
  const char* agent_reply;  // "" = not answered yet
  const char* note;         // "" = no internal note
  TicketStatus status;      // applied last
};

constexpr const char* kGroups[] = {"Billing", "Technical support"};

const DemoTicket kTickets[] = {
    {"Maria Jensen", "maria.jensen@example.com", "Charged twice for my subscription",
     "Hi, my card was charged twice this month (invoice 2291). Can you refund one of them?", 0, TicketPriority::kHigh,
     Assign::kAgent, 3 * 24 * kHour, "",
     "Checked the payment provider: two captures on the 2nd. Refund needs admin approval.", TicketStatus::kOpen},
    {"Tom Becker", "tom.becker@example.org", "Cannot log in after password reset",
     "The reset link worked, but the new password is rejected on the login page.", 1, TicketPriority::kUrgent,
     Assign::kNobody, 5 * kHour, "", "", TicketStatus::kOpen},
    {"Aisha Khan", "aisha@example.net", "Export to CSV misses the last column",
     "When I export my report the 'Total' column is empty.", 1, TicketPriority::kNormal, Assign::kAdmin, 26 * kHour,
     "Thanks Aisha, we could reproduce it and are working on a fix.",
     "Bug in the exporter: the column header is localised, the lookup is not.", TicketStatus::kPending},
    {"Lars Nielsen", "lars@example.dk", "Invoice address change", "Please put our new address on future invoices.", 0,
     TicketPriority::kLow, Assign::kNobody, 50 * kHour, "", "", TicketStatus::kOpen},
    {"Grace Lee", "grace.lee@example.com", "Feature request: dark mode", "Any plans for a dark theme?", -1,
     TicketPriority::kLow, Assign::kNobody, 70 * kHour, "", "", TicketStatus::kOpen},
    {"Pedro Alves", "pedro@example.com", "Site down?", "Your status page says all good, but I get a 502.", 1,
     TicketPriority::kUrgent, Assign::kAgent, 40 * kMinute, "", "Same report from two other customers in EU-West.",
     TicketStatus::kOpen},
    {"Emma Schulz", "emma.schulz@example.de", "Refund for annual plan",
     "We switched to monthly billing; please refund the rest of the annual plan.", 0, TicketPriority::kNormal,
     Assign::kAgent, 30 * kHour, "The refund is on its way and should reach your account within five days.", "",
     TicketStatus::kResolved},
    {"Noah Smith", "noah.smith@example.com", "How do I add a second admin?", "Where is the setting for this?", 1,
     TicketPriority::kNormal, Assign::kAdmin, 60 * kHour, "Admin → People → New person, and choose the role Admin.", "",
     TicketStatus::kClosed},
    {"Sofia Rossi", "sofia.rossi@example.it", "API rate limit too low for our sync",
     "Our nightly sync hits 429 responses after a few minutes.", 1, TicketPriority::kHigh, Assign::kNobody, 9 * kHour,
     "", "Customer is on the Team plan; limits are per key.", TicketStatus::kOpen},
};

struct DemoChat {
  const char* name;
  const char* email;
  const char* visitor_line;
  const char* agent_line;
  int64_t age_ms;
};

const DemoChat kChats[] = {
    {"Jonas", "jonas@example.com", "Hi! Do you offer a discount for non-profits?",
     "Hi Jonas, yes: 50% on every plan. Send us your registration and we set it up.", 2 * kHour},
    {"", "", "Is there a phone number I can call?", "We answer by chat and e-mail only, usually within the hour.",
     26 * kHour},
    {"Mia", "mia@example.org", "My invoice PDF does not open.",
     "Sorry about that! I have sent it again by e-mail as a new PDF.", 50 * kHour},
};

Status seed_tickets(storage::Storage& storage, Random& random, const std::vector<int64_t>& groups, int64_t agent_id,
                    int64_t admin_id, int64_t now_ms) {
  storage::TicketStore& tickets = storage.tickets();
  for (const auto& d : kTickets) {
    storage::NewTicket spec;
    spec.ref = helpcenter::new_ticket_ref(random);
    spec.requester_name = d.name;
    spec.requester_email = d.email;
    spec.subject = d.subject;
    spec.body = d.body;
    spec.lang = "en";
    spec.created_ms = now_ms - d.age_ms;
    spec.priority = d.priority;
    if (d.group >= 0) spec.group_id = groups[static_cast<size_t>(d.group)];
    Result<storage::Ticket> t = tickets.create(spec);
    if (!t) return t.status();
    const int64_t staff_id = d.assignee == Assign::kAdmin ? admin_id : agent_id;
    const char* staff_name = d.assignee == Assign::kAdmin ? "Demo Admin" : "Demo Agent";
    int64_t at = spec.created_ms + 20 * kMinute;
    if (*d.note) {
      storage::NewTicketMessage note{t->id, storage::TicketAuthor::kAgent, staff_id, staff_name, d.note, at};
      note.kind = storage::TicketMessageKind::kNote;
      if (auto added = tickets.add_message(note); !added) return added.status();
      at += 10 * kMinute;
    }
    if (*d.agent_reply) {
      storage::NewTicketMessage reply{t->id, storage::TicketAuthor::kAgent, staff_id, staff_name, d.agent_reply, at};
      if (auto added = tickets.add_message(reply); !added) return added.status();
    }
    storage::TicketChange change;
    change.status = d.status;
    if (d.assignee != Assign::kNobody) change.assignee_id = std::optional<int64_t>(staff_id);
    if (auto changed = tickets.update({t->id}, change, at); !changed) return changed.status();
  }
  return Status::ok();
}

Status seed_chats(storage::Storage& storage, Random& random, int64_t agent_id, int64_t now_ms) {
  storage::ChatStore& chats = storage.chats();
  for (const auto& d : kChats) {
    storage::NewChat spec;
    spec.visitor_id = random.token(16);
    spec.name = d.name;
    spec.email = d.email;
    spec.lang = "en";
    spec.created_ms = now_ms - d.age_ms;
    Result<storage::Chat> chat = chats.create(spec);
    if (!chat) return chat.status();
    const int64_t t0 = spec.created_ms;
    if (auto a = chats.accept(chat->id, agent_id, t0 + kMinute); !a) return a.status();
    storage::ChatMessage visitor;
    visitor.chat_id = chat->id;
    visitor.author = storage::ChatAuthor::kVisitor;
    visitor.name = d.name;
    visitor.body = d.visitor_line;
    visitor.at_ms = t0 + kMinute / 2;
    if (auto m = chats.add_message(visitor); !m) return m.status();
    storage::ChatMessage agent;
    agent.chat_id = chat->id;
    agent.author = storage::ChatAuthor::kAgent;
    agent.author_id = agent_id;
    agent.name = "Demo Agent";
    agent.body = d.agent_line;
    agent.at_ms = t0 + 2 * kMinute;
    if (auto m = chats.add_message(agent); !m) return m.status();
    if (auto e = chats.end(chat->id, "visitor", t0 + 5 * kMinute); !e) return e.status();
  }
  return Status::ok();
}

// The seeded tickets are history: the team heard of them, and of the targets
// they missed before now, when they happened. Claims those notifications so the
// first start does not mail the demo staff about them; a target that falls due
// while the demo runs is notified as usual.
Status mark_history_notified(storage::Storage& storage, int64_t now_ms) {
  constexpr int kMoreThanTheDemoHolds = 1000;  // messages, breaches
  if (auto events = storage.notify().claim_events(kMoreThanTheDemoHolds); !events) return events.status();
  if (auto breaches = storage.sla().claim_breaches(now_ms, kMoreThanTheDemoHolds); !breaches) return breaches.status();
  return Status::ok();
}

}  // namespace

Status seed_desk_demo(storage::Storage& storage, Random& random, int64_t agent_id, int64_t admin_id, int64_t now_ms) {
  Result<std::vector<storage::Ticket>> any = storage.tickets().list({std::nullopt, 1, 0});
  if (!any) return any.status();
  if (!any->empty()) return Status::ok();
  std::vector<int64_t> groups;
  for (const char* name : kGroups) {
    Result<storage::AgentGroup> g = storage.desk().create_group(name, now_ms);
    if (g.status().code() == Code::kConflict) {
      Result<std::vector<storage::AgentGroup>> all = storage.desk().list_groups();
      if (!all) return all.status();
      for (const auto& existing : *all) {
        if (existing.name == name) groups.push_back(existing.id);
      }
      continue;
    }
    if (!g) return g.status();
    groups.push_back(g->id);
  }
  if (groups.size() != std::size(kGroups)) return internal("demo groups not found");
  for (int64_t group : groups) {
    if (Status s = storage.desk().add_member(group, agent_id); !s.is_ok()) return s;
  }
  if (Status s = storage.desk().add_member(groups[1], admin_id); !s.is_ok()) return s;
  // SLA targets (unless an admin set some), so some demo tickets show as overdue.
  Result<storage::SlaPolicy> policy = storage.sla().policy();
  if (!policy) return policy.status();
  if (policy->targets.empty()) {
    policy->targets = {{TicketPriority::kUrgent, {60, 8 * 60}},
                       {TicketPriority::kHigh, {4 * 60, 24 * 60}},
                       {TicketPriority::kNormal, {8 * 60, 48 * 60}},
                       {TicketPriority::kLow, {std::nullopt, 96 * 60}}};
    if (Status s = storage.sla().save_policy(*policy); !s.is_ok()) return s;
  }
  if (Status s = seed_tickets(storage, random, groups, agent_id, admin_id, now_ms); !s.is_ok()) return s;
  if (Status s = mark_history_notified(storage, now_ms); !s.is_ok()) return s;
  return seed_chats(storage, random, agent_id, now_ms);
}

}  // namespace deskd::app
