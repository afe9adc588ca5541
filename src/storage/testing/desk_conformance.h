#pragma once
// Backend-independent conformance tests for the agent desk: storage::DeskStore
// (groups, members) and the desk half of storage::TicketStore (priority,
// group, assignee, views, bulk update, internal notes). Include in the same
// translation unit as storage_conformance.h and ticket_conformance.h.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "storage/desk_store.h"
#include "storage/testing/storage_conformance.h"
#include "storage/testing/ticket_conformance.h"

namespace deskd::storage::conformance {

// The value, or `fallback` when the call failed (the test then fails on the value).
template <class T>
T value_or(Result<T> r, T fallback) {
  return r.is_ok() ? std::move(*r) : std::move(fallback);
}


TEST_P(StorageConformanceTest, DeskGroupsAreNamedUniquelyAndListedWithMembers) {
  DeskStore& desk = storage_->desk();
  Person agent = create_person("agent.one@example.com", Role::kAgent);
  Person admin = create_person("admin.one@example.com", Role::kAdmin);
  Person user = create_person("user.one@example.com", Role::kUser);

  Result<AgentGroup> billing = desk.create_group("Billing", 10);
  ASSERT_TRUE(billing.is_ok()) << billing.status().to_string();
  Result<AgentGroup> tech = desk.create_group("technical", 11);
  ASSERT_TRUE(tech.is_ok());
  EXPECT_EQ(desk.create_group("BILLING", 12).status().code(), Code::kConflict);
  EXPECT_EQ(desk.create_group("", 12).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(desk.rename_group(tech->id, "billing").code(), Code::kConflict);
  EXPECT_EQ(desk.rename_group(999999, "x").code(), Code::kNotFound);
  ASSERT_TRUE(desk.rename_group(tech->id, "Technical").is_ok());

  ASSERT_TRUE(desk.add_member(billing->id, agent.id).is_ok());
  ASSERT_TRUE(desk.add_member(billing->id, agent.id).is_ok());  // idempotent
  ASSERT_TRUE(desk.add_member(billing->id, admin.id).is_ok());
  ASSERT_TRUE(desk.add_member(tech->id, agent.id).is_ok());
  EXPECT_EQ(desk.add_member(billing->id, user.id).code(), Code::kInvalidArgument);
  EXPECT_EQ(desk.add_member(billing->id, 999999).code(), Code::kInvalidArgument);
  EXPECT_EQ(desk.add_member(999999, agent.id).code(), Code::kNotFound);

  Result<std::vector<AgentGroup>> groups = desk.list_groups();
  ASSERT_TRUE(groups.is_ok());
  ASSERT_EQ(groups->size(), 2u);
  EXPECT_EQ((*groups)[0].name, "Billing");
  EXPECT_EQ((*groups)[0].member_count, 2);
  EXPECT_EQ((*groups)[1].name, "Technical");
  EXPECT_EQ((*groups)[1].member_count, 1);
  EXPECT_EQ((*groups)[1].created_ms, 11);

  Result<std::vector<GroupMember>> members = desk.members(billing->id);
  ASSERT_TRUE(members.is_ok());
  ASSERT_EQ(members->size(), 2u);
  EXPECT_EQ((*members)[0].email, "admin.one@example.com");
  EXPECT_EQ((*members)[1].email, "agent.one@example.com");
  EXPECT_EQ(value_or(desk.groups_of(agent.id), {}), (std::vector<int64_t>{billing->id, tech->id}));

  Person off = create_person("agent.off@example.com", Role::kAgent);
  ASSERT_TRUE(people().set_disabled(off.id, true).is_ok());
  Result<std::vector<GroupMember>> staff = desk.staff();
  ASSERT_TRUE(staff.is_ok());
  ASSERT_EQ(staff->size(), 2u);  // neither the user nor the disabled agent
  EXPECT_EQ((*staff)[0].email, "admin.one@example.com");
  EXPECT_EQ((*staff)[1].email, "agent.one@example.com");

  ASSERT_TRUE(desk.remove_member(billing->id, agent.id).is_ok());
  ASSERT_TRUE(desk.remove_member(billing->id, agent.id).is_ok());
  EXPECT_EQ(value_or(desk.groups_of(agent.id), {}), (std::vector<int64_t>{tech->id}));

  Result<Ticket> t = [&] {
    NewTicket spec = ticket_spec("GRP1-0001", 100);
    spec.group_id = tech->id;
    return storage_->tickets().create(spec);
  }();
  ASSERT_TRUE(t.is_ok()) << t.status().to_string();
  EXPECT_EQ(t->group_id, std::optional<int64_t>(tech->id));
  ASSERT_TRUE(desk.delete_group(tech->id).is_ok());
  EXPECT_EQ(desk.delete_group(tech->id).code(), Code::kNotFound);
  EXPECT_EQ(desk.find_group(tech->id).status().code(), Code::kNotFound);
  Result<Ticket> after = storage_->tickets().find_by_ref("GRP1-0001");
  ASSERT_TRUE(after.is_ok());
  EXPECT_FALSE(after->group_id.has_value());
  EXPECT_TRUE(value_or(desk.groups_of(agent.id), std::vector<int64_t>{1}).empty());

  NewTicket unknown_group = ticket_spec("GRP1-0002", 100);
  unknown_group.group_id = 999999;
  EXPECT_EQ(storage_->tickets().create(unknown_group).status().code(), Code::kInvalidArgument);
}

TEST_P(StorageConformanceTest, DeskViewsCountAndListTheRightTickets) {
  TicketStore& tickets = storage_->tickets();
  DeskStore& desk = storage_->desk();
  Person ann = create_person("ann@example.com", Role::kAgent);
  Person bob = create_person("bob@example.com", Role::kAgent);
  Result<AgentGroup> billing = desk.create_group("Billing", 1);
  Result<AgentGroup> tech = desk.create_group("Tech", 1);
  ASSERT_TRUE(billing.is_ok() && tech.is_ok());
  ASSERT_TRUE(desk.add_member(billing->id, ann.id).is_ok());
  ASSERT_TRUE(desk.add_member(tech->id, bob.id).is_ok());

  auto make = [&](const char* ref, int64_t at, std::optional<int64_t> group, TicketPriority priority) {
    NewTicket spec = ticket_spec(ref, at);
    spec.group_id = group;
    spec.priority = priority;
    Result<Ticket> t = tickets.create(spec);
    EXPECT_TRUE(t.is_ok()) << t.status().to_string();
    return t.is_ok() ? t->id : 0;
  };
  const int64_t a = make("VIEW-000A", 100, billing->id, TicketPriority::kLow);
  make("VIEW-000B", 200, billing->id, TicketPriority::kUrgent);
  const int64_t c = make("VIEW-000C", 300, tech->id, TicketPriority::kHigh);
  make("VIEW-000D", 400, std::nullopt, TicketPriority::kNormal);
  const int64_t e = make("VIEW-000E", 500, billing->id, TicketPriority::kNormal);

  TicketChange to_ann;
  to_ann.assignee_id = ann.id;
  ASSERT_EQ(value_or(tickets.update({a, c}, to_ann, 600), int64_t{-1}), 2);
  TicketChange solve;
  solve.status = TicketStatus::kResolved;
  ASSERT_EQ(value_or(tickets.update({e}, solve, 700), int64_t{-1}), 1);

  Result<std::map<TicketView, int64_t>> ann_counts = tickets.count_views(ann.id, 0);
  ASSERT_TRUE(ann_counts.is_ok()) << ann_counts.status().to_string();
  EXPECT_EQ(ann_counts->at(TicketView::kMine), 2);
  EXPECT_EQ(ann_counts->at(TicketView::kUnassigned), 2);  // b, d (e is resolved)
  EXPECT_EQ(ann_counts->at(TicketView::kMyGroups), 2);    // a, b
  EXPECT_EQ(ann_counts->at(TicketView::kAllOpen), 4);
  EXPECT_EQ(ann_counts->at(TicketView::kAll), 5);
  Result<std::map<TicketView, int64_t>> bob_counts = tickets.count_views(bob.id, 0);
  ASSERT_TRUE(bob_counts.is_ok());
  EXPECT_EQ(bob_counts->at(TicketView::kMine), 0);
  EXPECT_EQ(bob_counts->at(TicketView::kMyGroups), 1);  // c

  auto list = [&](TicketView view, int64_t agent, TicketSort sort = TicketSort::kUpdated) {
    TicketQuery q;
    q.view = view;
    q.agent_id = agent;
    q.sort = sort;
    return refs_of(tickets.list(q));
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(list(TicketView::kMine, ann.id), (V{"VIEW-000C", "VIEW-000A"}));
  EXPECT_EQ(list(TicketView::kUnassigned, ann.id), (V{"VIEW-000D", "VIEW-000B"}));
  EXPECT_EQ(list(TicketView::kMyGroups, ann.id), (V{"VIEW-000A", "VIEW-000B"}));
  EXPECT_EQ(list(TicketView::kMyGroups, bob.id), (V{"VIEW-000C"}));
  EXPECT_EQ(list(TicketView::kAllOpen, ann.id, TicketSort::kPriority),
            (V{"VIEW-000B", "VIEW-000C", "VIEW-000D", "VIEW-000A"}));
  EXPECT_EQ(list(TicketView::kAll, 0, TicketSort::kOldest),
            (V{"VIEW-000A", "VIEW-000B", "VIEW-000C", "VIEW-000D", "VIEW-000E"}));
  EXPECT_EQ(list(TicketView::kAll, 0, TicketSort::kNewest),
            (V{"VIEW-000E", "VIEW-000D", "VIEW-000C", "VIEW-000B", "VIEW-000A"}));

  TicketQuery paged;
  paged.view = TicketView::kAllOpen;
  paged.sort = TicketSort::kOldest;
  paged.limit = 2;
  paged.offset = 2;
  EXPECT_EQ(refs_of(tickets.list(paged)), (V{"VIEW-000C", "VIEW-000D"}));
  TicketQuery pending_mine;
  pending_mine.view = TicketView::kMine;
  pending_mine.agent_id = ann.id;
  pending_mine.status = TicketStatus::kPending;
  EXPECT_TRUE(refs_of(tickets.list(pending_mine)).empty());

  TicketQuery no_agent;
  no_agent.view = TicketView::kMine;
  EXPECT_EQ(tickets.list(no_agent).status().code(), Code::kInvalidArgument);
}

TEST_P(StorageConformanceTest, DeskBulkUpdateIsAllOrNothing) {
  TicketStore& tickets = storage_->tickets();
  Person ann = create_person("ann@example.com", Role::kAgent);
  Person off = create_person("off@example.com", Role::kAgent);
  ASSERT_TRUE(people().set_disabled(off.id, true).is_ok());
  Person user = create_person("user@example.com", Role::kUser);
  Result<AgentGroup> group = storage_->desk().create_group("Sales", 1);
  ASSERT_TRUE(group.is_ok());
  Result<Ticket> a = tickets.create(ticket_spec("BULK-000A", 100));
  Result<Ticket> b = tickets.create(ticket_spec("BULK-000B", 100));
  ASSERT_TRUE(a.is_ok() && b.is_ok());

  TicketChange all;
  all.status = TicketStatus::kPending;
  all.priority = TicketPriority::kHigh;
  all.group_id = group->id;
  all.assignee_id = ann.id;
  Result<int64_t> n = tickets.update({a->id, b->id, 999999}, all, 900);
  ASSERT_TRUE(n.is_ok()) << n.status().to_string();
  EXPECT_EQ(*n, 2);
  for (const char* ref : {"BULK-000A", "BULK-000B"}) {
    Result<Ticket> t = tickets.find_by_ref(ref);
    ASSERT_TRUE(t.is_ok());
    EXPECT_EQ(t->status, TicketStatus::kPending);
    EXPECT_EQ(t->priority, TicketPriority::kHigh);
    EXPECT_EQ(t->group_id, std::optional<int64_t>(group->id));
    EXPECT_EQ(t->assignee_id, std::optional<int64_t>(ann.id));
    EXPECT_EQ(t->updated_ms, 900);
  }

  // A bad part refuses the whole change.
  for (int64_t bad : {user.id, off.id, int64_t{999999}}) {
    TicketChange c;
    c.priority = TicketPriority::kLow;
    c.assignee_id = bad;
    EXPECT_EQ(tickets.update({a->id}, c, 1000).status().code(), Code::kInvalidArgument);
  }
  TicketChange bad_group;
  bad_group.priority = TicketPriority::kLow;
  bad_group.group_id = 999999;
  EXPECT_EQ(tickets.update({a->id}, bad_group, 1000).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(tickets.update({a->id}, TicketChange{}, 1000).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(tickets.update(std::vector<int64_t>(kMaxTicketBatch + 1, a->id), all, 1000).status().code(),
            Code::kInvalidArgument);
  Result<Ticket> unchanged = tickets.find_by_ref("BULK-000A");
  ASSERT_TRUE(unchanged.is_ok());
  EXPECT_EQ(unchanged->priority, TicketPriority::kHigh);
  EXPECT_EQ(unchanged->updated_ms, 900);

  // Clearing, and updated_ms never goes backwards.
  TicketChange clear;
  clear.group_id = std::optional<int64_t>();
  clear.assignee_id = std::optional<int64_t>();
  ASSERT_EQ(value_or(tickets.update({a->id}, clear, 50), int64_t{-1}), 1);
  Result<Ticket> cleared = tickets.find_by_ref("BULK-000A");
  ASSERT_TRUE(cleared.is_ok());
  EXPECT_FALSE(cleared->group_id.has_value());
  EXPECT_FALSE(cleared->assignee_id.has_value());
  EXPECT_EQ(cleared->updated_ms, 900);
}

TEST_P(StorageConformanceTest, DeskInternalNotesStayOutOfTheRequestersThread) {
  TicketStore& tickets = storage_->tickets();
  Person ann = create_person("ann@example.com", Role::kAgent);
  Result<Ticket> t = tickets.create(ticket_spec("NOTE-0001", 100));
  ASSERT_TRUE(t.is_ok());
  ASSERT_TRUE(tickets.set_status(t->id, TicketStatus::kOpen, 100).is_ok());

  NewTicketMessage note{t->id, TicketAuthor::kAgent, ann.id, "Ann", "Customer is on the legacy plan", 200};
  note.kind = TicketMessageKind::kNote;
  Result<TicketMessage> added = tickets.add_message(note);
  ASSERT_TRUE(added.is_ok()) << added.status().to_string();
  EXPECT_EQ(added->kind, TicketMessageKind::kNote);
  // A note moves neither the status nor the requester-visible activity time.
  Result<Ticket> after = tickets.find_by_ref("NOTE-0001");
  ASSERT_TRUE(after.is_ok());
  EXPECT_EQ(after->status, TicketStatus::kOpen);
  EXPECT_EQ(after->updated_ms, 100);

  ASSERT_TRUE(tickets.add_message({t->id, TicketAuthor::kAgent, ann.id, "Ann", "Public answer", 300}).is_ok());

  Result<std::vector<TicketMessage>> requester = tickets.messages(t->id);
  ASSERT_TRUE(requester.is_ok());
  ASSERT_EQ(requester->size(), 2u);
  for (const auto& m : *requester) {
    EXPECT_EQ(m.kind, TicketMessageKind::kReply);
    EXPECT_NE(m.body, "Customer is on the legacy plan");
  }
  Result<std::vector<TicketMessage>> staff = tickets.staff_thread(t->id);
  ASSERT_TRUE(staff.is_ok());
  ASSERT_EQ(staff->size(), 3u);
  EXPECT_EQ((*staff)[1].kind, TicketMessageKind::kNote);
  EXPECT_EQ((*staff)[1].body, "Customer is on the legacy plan");
  EXPECT_EQ((*staff)[2].kind, TicketMessageKind::kReply);

  NewTicketMessage user_note{t->id, TicketAuthor::kUser, std::nullopt, "Guest", "sneaky", 400};
  user_note.kind = TicketMessageKind::kNote;
  EXPECT_EQ(tickets.add_message(user_note).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(value_or(tickets.staff_thread(t->id), {}).size(), 3u);
}

TEST_P(StorageConformanceTest, DeskCannedRepliesAreSharedOrPersonal) {
  DeskStore& desk = storage_->desk();
  Person ann = create_person("ann@example.com", Role::kAgent);
  Person bob = create_person("bob@example.com", Role::kAgent);
  Person user = create_person("user@example.com", Role::kUser);

  Result<CannedReply> shared = desk.create_canned(std::nullopt, "welcome", "Hi {{requester.name}}!", 10);
  ASSERT_TRUE(shared.is_ok()) << shared.status().to_string();
  EXPECT_FALSE(shared->owner_id.has_value());
  Result<CannedReply> anns = desk.create_canned(ann.id, "Apology", "Sorry, {{agent.name}} here.", 11);
  ASSERT_TRUE(anns.is_ok());
  ASSERT_TRUE(desk.create_canned(bob.id, "Bob's own", "b", 12).is_ok());
  EXPECT_EQ(desk.create_canned(user.id, "x", "y", 13).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(desk.create_canned(std::nullopt, "", "y", 13).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(desk.create_canned(std::nullopt, "x", "", 13).status().code(), Code::kInvalidArgument);

  Result<std::vector<CannedReply>> for_ann = desk.canned_for(ann.id);
  ASSERT_TRUE(for_ann.is_ok());
  ASSERT_EQ(for_ann->size(), 2u);
  EXPECT_EQ((*for_ann)[0].title, "Apology");  // case-insensitive order
  EXPECT_EQ((*for_ann)[0].owner_id, std::optional<int64_t>(ann.id));
  EXPECT_EQ((*for_ann)[1].title, "welcome");
  EXPECT_EQ((*for_ann)[1].body, "Hi {{requester.name}}!");
  EXPECT_EQ(value_or(desk.canned_for(bob.id), {}).size(), 2u);

  ASSERT_TRUE(desk.update_canned(anns->id, "Apology 2", "New body", 20).is_ok());
  Result<CannedReply> found = desk.find_canned(anns->id);
  ASSERT_TRUE(found.is_ok());
  EXPECT_EQ(found->title, "Apology 2");
  EXPECT_EQ(found->body, "New body");
  EXPECT_EQ(found->updated_ms, 20);
  EXPECT_EQ(desk.update_canned(anns->id, "", "x", 21).code(), Code::kInvalidArgument);
  EXPECT_EQ(desk.update_canned(999999, "t", "x", 21).code(), Code::kNotFound);
  ASSERT_TRUE(desk.delete_canned(anns->id).is_ok());
  EXPECT_EQ(desk.delete_canned(anns->id).code(), Code::kNotFound);
  EXPECT_EQ(desk.find_canned(anns->id).status().code(), Code::kNotFound);
  EXPECT_EQ(value_or(desk.canned_for(ann.id), {}).size(), 1u);
}

}  // namespace deskd::storage::conformance
