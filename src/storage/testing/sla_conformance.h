#pragma once
// Backend-independent conformance tests for storage::SlaStore and the SLA
// half of storage::TicketStore (due times on create and on a priority change,
// the first agent reply, the Overdue view, claimed breaches, breach reports).
// Include in the same translation unit as storage_conformance.h and
// ticket_conformance.h.
#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "storage/sla_store.h"
#include "storage/testing/storage_conformance.h"
#include "storage/testing/ticket_conformance.h"

namespace deskd::storage::conformance {

inline constexpr int64_t kMinute = 60'000;

template <class T>
std::vector<T> value_or_empty(Result<std::vector<T>> r) {
  return r.is_ok() ? std::move(*r) : std::vector<T>{};
}

inline SlaPolicy minute_policy() {
  SlaPolicy p;
  p.targets[TicketPriority::kNormal] = {10, 60};
  p.targets[TicketPriority::kUrgent] = {1, 5};
  p.targets[TicketPriority::kLow] = {std::nullopt, 600};
  return p;
}

TEST_P(StorageConformanceTest, SlaPolicyRoundTripsAndRefusesBadInput) {
  SlaStore& sla = storage_->sla();
  Result<SlaPolicy> empty = sla.policy();
  ASSERT_TRUE(empty.is_ok()) << empty.status().to_string();
  EXPECT_TRUE(empty->targets.empty());
  EXPECT_FALSE(empty->schedule.enabled);
  EXPECT_EQ(empty->schedule.time_zone, "UTC");

  SlaPolicy p = minute_policy();
  p.schedule.enabled = true;
  p.schedule.time_zone = "Europe/Copenhagen";
  p.schedule.days[0] = {9 * 60, 17 * 60};
  p.schedule.days[4] = {8 * 60, 24 * 60};
  ASSERT_TRUE(sla.save_policy(p).is_ok());
  Result<SlaPolicy> back = sla.policy();
  ASSERT_TRUE(back.is_ok());
  EXPECT_EQ(back->targets.size(), 3u);
  EXPECT_EQ(back->targets[TicketPriority::kUrgent].first_response_minutes, 1);
  EXPECT_EQ(back->targets[TicketPriority::kUrgent].resolution_minutes, 5);
  EXPECT_FALSE(back->targets[TicketPriority::kLow].first_response_minutes.has_value());
  EXPECT_TRUE(back->schedule.enabled);
  EXPECT_EQ(back->schedule.time_zone, "Europe/Copenhagen");
  EXPECT_EQ(back->schedule.days[4].close_minute, 24 * 60);
  EXPECT_FALSE(back->schedule.days[2].is_open());

  SlaPolicy bad = p;
  bad.schedule.time_zone = "Nowhere/Land";
  EXPECT_EQ(sla.save_policy(bad).code(), Code::kInvalidArgument);
  bad = p;
  bad.targets[TicketPriority::kHigh] = {0, std::nullopt};
  EXPECT_EQ(sla.save_policy(bad).code(), Code::kInvalidArgument);
  EXPECT_EQ(sla.policy()->schedule.time_zone, "Europe/Copenhagen");  // unchanged

  ASSERT_TRUE(sla.save_policy(SlaPolicy{}).is_ok());  // back to none
  EXPECT_TRUE(sla.policy()->targets.empty());
}

TEST_P(StorageConformanceTest, SlaDueTimesAreSetOnCreateAndOnAPriorityChange) {
  TicketStore& tickets = storage_->tickets();
  Result<Ticket> before = tickets.create(ticket_spec("SLA0-0001", 1000));
  ASSERT_TRUE(before.is_ok());
  EXPECT_FALSE(before->first_response_due_ms.has_value());  // no policy yet

  ASSERT_TRUE(storage_->sla().save_policy(minute_policy()).is_ok());
  Result<Ticket> t = tickets.create(ticket_spec("SLA0-0002", 1000));
  ASSERT_TRUE(t.is_ok());
  EXPECT_EQ(t->first_response_due_ms, 1000 + 10 * kMinute);
  EXPECT_EQ(t->resolution_due_ms, 1000 + 60 * kMinute);
  Result<Ticket> found = tickets.find_by_ref("SLA0-0002");
  ASSERT_TRUE(found.is_ok());
  EXPECT_EQ(found->first_response_due_ms, 1000 + 10 * kMinute);
  EXPECT_EQ(found->resolution_due_ms, 1000 + 60 * kMinute);
  EXPECT_FALSE(found->first_replied_ms.has_value());
  EXPECT_FALSE(tickets.find_by_ref("SLA0-0001")->resolution_due_ms.has_value());  // existing tickets keep theirs

  TicketChange urgent;
  urgent.priority = TicketPriority::kUrgent;
  ASSERT_TRUE(tickets.update({t->id}, urgent, 5000).is_ok());
  found = tickets.find_by_ref("SLA0-0002");
  EXPECT_EQ(found->first_response_due_ms, 1000 + 1 * kMinute);  // counted from creation
  EXPECT_EQ(found->resolution_due_ms, 1000 + 5 * kMinute);
  TicketChange high;
  high.priority = TicketPriority::kHigh;  // no targets for high
  ASSERT_TRUE(tickets.update({t->id}, high, 6000).is_ok());
  EXPECT_FALSE(tickets.find_by_ref("SLA0-0002")->first_response_due_ms.has_value());

  // A note is not a first response; a reply is.
  NewTicketMessage note{t->id, TicketAuthor::kAgent, std::nullopt, "Agent", "internal", 7000, TicketMessageKind::kNote};
  ASSERT_TRUE(tickets.add_message(note).is_ok());
  EXPECT_FALSE(tickets.find_by_ref("SLA0-0002")->first_replied_ms.has_value());
  NewTicketMessage reply{t->id, TicketAuthor::kAgent, std::nullopt, "Agent", "hello", 8000};
  ASSERT_TRUE(tickets.add_message(reply).is_ok());
  reply.created_ms = 9000;
  ASSERT_TRUE(tickets.add_message(reply).is_ok());
  EXPECT_EQ(tickets.find_by_ref("SLA0-0002")->first_replied_ms, 8000);
  ASSERT_TRUE(tickets.set_status(t->id, TicketStatus::kResolved, 9500).is_ok());
  EXPECT_EQ(tickets.find_by_ref("SLA0-0002")->resolved_ms, 9500);
}

TEST_P(StorageConformanceTest, SlaOverdueViewAndBreachesClaimedOnce) {
  TicketStore& tickets = storage_->tickets();
  SlaStore& sla = storage_->sla();
  ASSERT_TRUE(sla.save_policy(minute_policy()).is_ok());
  const int64_t t0 = 1'000'000;
  Result<Ticket> a = tickets.create(ticket_spec("OVD0-000A", t0));  // normal: 10 min / 60 min
  Result<Ticket> b = tickets.create(ticket_spec("OVD0-000B", t0));
  NewTicket low = ticket_spec("OVD0-000C", t0);
  low.priority = TicketPriority::kLow;  // resolution only, 600 min
  Result<Ticket> c = tickets.create(low);
  ASSERT_TRUE(a.is_ok() && b.is_ok() && c.is_ok());
  // b gets its first answer in time.
  ASSERT_TRUE(tickets.add_message({b->id, TicketAuthor::kAgent, std::nullopt, "Agent", "on it", t0 + kMinute}).is_ok());

  auto overdue_refs = [&](int64_t now) {
    TicketQuery q;
    q.view = TicketView::kOverdue;
    q.now_ms = now;
    q.sort = TicketSort::kOldest;
    std::vector<std::string> refs;
    for (const Ticket& t : value_or_empty(tickets.list(q))) refs.push_back(t.ref);
    return refs;
  };
  EXPECT_TRUE(overdue_refs(t0 + 10 * kMinute - 1).empty());
  EXPECT_EQ(overdue_refs(t0 + 10 * kMinute), (std::vector<std::string>{"OVD0-000A"}));  // at the due time
  EXPECT_EQ(tickets.count_views(0, t0 + 10 * kMinute)->at(TicketView::kOverdue), 1);
  EXPECT_EQ(overdue_refs(t0 + 60 * kMinute), (std::vector<std::string>{"OVD0-000A", "OVD0-000B"}));

  Result<std::vector<SlaBreach>> first = sla.claim_breaches(t0 + 10 * kMinute, 10);
  ASSERT_TRUE(first.is_ok()) << first.status().to_string();
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].ref, "OVD0-000A");
  EXPECT_EQ((*first)[0].metric, SlaMetric::kFirstResponse);
  EXPECT_EQ((*first)[0].due_ms, t0 + 10 * kMinute);
  EXPECT_TRUE(sla.claim_breaches(t0 + 10 * kMinute, 10)->empty());  // once

  Result<std::vector<SlaBreach>> later = sla.claim_breaches(t0 + 61 * kMinute, 1);  // limit
  ASSERT_TRUE(later.is_ok());
  ASSERT_EQ(later->size(), 1u);
  EXPECT_EQ((*later)[0].metric, SlaMetric::kResolution);
  later = sla.claim_breaches(t0 + 61 * kMinute, 10);
  ASSERT_EQ(later->size(), 1u);
  EXPECT_EQ((*later)[0].metric, SlaMetric::kResolution);
  EXPECT_NE((*later)[0].ref, "OVD0-000C");
  EXPECT_TRUE(sla.claim_breaches(t0 + 61 * kMinute, 10)->empty());

  // A resolved ticket is not overdue and its breaches are not claimed.
  ASSERT_TRUE(tickets.set_status(c->id, TicketStatus::kResolved, t0 + 2 * kMinute).is_ok());
  EXPECT_TRUE(sla.claim_breaches(t0 + 1000 * kMinute, 10)->empty());
  EXPECT_EQ(overdue_refs(t0 + 1000 * kMinute), (std::vector<std::string>{"OVD0-000A", "OVD0-000B"}));

  // Reports: the due times of every breach in the period, as of now.
  Result<std::vector<int64_t>> report = sla.breaches(0, t0 + 1000 * kMinute, t0 + 1000 * kMinute);
  ASSERT_TRUE(report.is_ok()) << report.status().to_string();
  EXPECT_EQ(*report, (std::vector<int64_t>{t0 + 10 * kMinute, t0 + 60 * kMinute, t0 + 60 * kMinute}));
  EXPECT_TRUE(sla.breaches(0, t0 + 1000 * kMinute, t0 + 5 * kMinute)->empty());  // nothing due yet then
}

TEST_P(StorageConformanceTest, NotifyEventsAreClaimedOnceAndPreferencesKept) {
  NotifyStore& notify = storage_->notify();
  TicketStore& tickets = storage_->tickets();
  Person agent = create_person("notify.agent@example.com", Role::kAgent);
  Result<Ticket> t = tickets.create(ticket_spec("NTF0-0001", 1000));
  ASSERT_TRUE(t.is_ok());
  ASSERT_TRUE(tickets.add_message({t->id, TicketAuthor::kAgent, agent.id, "Agent", "answer", 2000}).is_ok());
  ASSERT_TRUE(tickets.add_message({t->id, TicketAuthor::kAgent, agent.id, "Agent", "note", 2500, TicketMessageKind::kNote})
                  .is_ok());
  Result<TicketMessage> reply = tickets.add_message({t->id, TicketAuthor::kUser, std::nullopt, "Ann", "more", 3000});
  ASSERT_TRUE(reply.is_ok());

  Result<std::vector<DeskEvent>> events = notify.claim_events(2);  // the first message and the agent's reply
  ASSERT_TRUE(events.is_ok()) << events.status().to_string();
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].kind, DeskEventKind::kNewTicket);
  EXPECT_EQ((*events)[0].ticket_id, t->id);
  EXPECT_EQ((*events)[0].ref, "NTF0-0001");
  events = notify.claim_events(10);
  ASSERT_TRUE(events.is_ok());
  ASSERT_EQ(events->size(), 1u);  // the note is skipped
  EXPECT_EQ((*events)[0].kind, DeskEventKind::kRequesterReply);
  EXPECT_EQ((*events)[0].message_id, reply->id);
  EXPECT_TRUE(notify.claim_events(10)->empty());

  auto email = [&] {
    Result<bool> on = notify.email_enabled(agent.id);
    EXPECT_TRUE(on.is_ok());
    return on.is_ok() ? std::optional<bool>(*on) : std::nullopt;
  };
  EXPECT_EQ(email(), true);  // on unless turned off
  ASSERT_TRUE(notify.set_email_enabled(agent.id, false).is_ok());
  EXPECT_EQ(email(), false);
  ASSERT_TRUE(notify.set_email_enabled(agent.id, true).is_ok());
  EXPECT_EQ(email(), true);
  EXPECT_EQ(notify.set_email_enabled(999999, false).code(), Code::kNotFound);
}

}  // namespace deskd::storage::conformance
