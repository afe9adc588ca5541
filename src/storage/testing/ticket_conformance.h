#pragma once
// Backend-independent conformance tests for storage::TicketStore, run by every
// backend's StorageConformanceTest instantiation (include this header in the
// same translation unit as storage_conformance.h). The contract is the one
// documented on TicketStore in storage/ticket_store.h.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "storage/testing/storage_conformance.h"
#include "storage/ticket_store.h"

namespace deskd::storage::conformance {

// The refs of a ticket list, in order; a failed call fails the test.
inline std::vector<std::string> refs_of(const Result<std::vector<Ticket>>& tickets) {
  std::vector<std::string> refs;
  if (!tickets.is_ok()) {
    ADD_FAILURE() << tickets.status().to_string();
    return refs;
  }
  for (const Ticket& t : *tickets) refs.push_back(t.ref);
  return refs;
}

inline NewTicket ticket_spec(std::string ref, int64_t created_ms, std::optional<int64_t> person_id = std::nullopt,
                             std::string email = "guest@example.com") {
  NewTicket t;
  t.ref = std::move(ref);
  t.person_id = person_id;
  t.requester_name = "Ann Guest";
  t.requester_email = std::move(email);
  t.subject = "Printer on fire";
  t.body = "It started smoking\nthen it burned.";
  t.lang = "da";
  t.created_ms = created_ms;
  return t;
}

TEST_P(StorageConformanceTest, TicketCreateStoresTicketAndFirstMessage) {
  TicketStore& tickets = storage_->tickets();
  NewTicket spec = ticket_spec("K7QX-4P2M", 1000);
  spec.visitor_id = "visitor-1";
  spec.source = "messenger";
  Result<Ticket> created = tickets.create(spec);
  ASSERT_TRUE(created.is_ok()) << created.status().to_string();
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->status, TicketStatus::kOpen);
  EXPECT_EQ(created->updated_ms, 1000);

  Result<Ticket> found = tickets.find_by_ref("K7QX-4P2M");
  ASSERT_TRUE(found.is_ok()) << found.status().to_string();
  EXPECT_EQ(found->id, created->id);
  EXPECT_FALSE(found->person_id.has_value());
  EXPECT_EQ(found->requester_name, "Ann Guest");
  EXPECT_EQ(found->requester_email, "guest@example.com");
  EXPECT_EQ(found->subject, "Printer on fire");
  EXPECT_EQ(found->status, TicketStatus::kOpen);
  EXPECT_EQ(found->created_ms, 1000);
  EXPECT_EQ(found->updated_ms, 1000);
  EXPECT_EQ(found->lang, "da");
  EXPECT_EQ(found->visitor_id, std::optional<std::string>("visitor-1"));
  EXPECT_EQ(found->source, "messenger");

  Result<std::vector<TicketMessage>> msgs = tickets.messages(created->id);
  ASSERT_TRUE(msgs.is_ok());
  ASSERT_EQ(msgs->size(), 1u);
  EXPECT_EQ((*msgs)[0].author, TicketAuthor::kUser);
  EXPECT_FALSE((*msgs)[0].author_id.has_value());
  EXPECT_EQ((*msgs)[0].author_name, "Ann Guest");
  EXPECT_EQ((*msgs)[0].body, "It started smoking\nthen it burned.");
  EXPECT_EQ((*msgs)[0].created_ms, 1000);
}

TEST_P(StorageConformanceTest, TicketCreateRejectsDuplicatesAndBadInput) {
  TicketStore& tickets = storage_->tickets();
  ASSERT_TRUE(tickets.create(ticket_spec("AAAA-BBBB", 1)).is_ok());
  EXPECT_EQ(tickets.create(ticket_spec("AAAA-BBBB", 2)).status().code(), Code::kConflict);
  EXPECT_EQ(tickets.create(ticket_spec("", 2)).status().code(), Code::kInvalidArgument);
  NewTicket bad_source = ticket_spec("CCCC-DDDD", 2);
  bad_source.source = "fax";
  EXPECT_EQ(tickets.create(bad_source).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(tickets.create(ticket_spec("EEEE-FFFF", 2, 999999)).status().code(), Code::kInvalidArgument);
  // A failed create leaves nothing behind, not even its first message.
  EXPECT_EQ(tickets.find_by_ref("EEEE-FFFF").status().code(), Code::kNotFound);
  EXPECT_EQ(tickets.find_by_ref("CCCC-DDDD").status().code(), Code::kNotFound);
  Result<std::vector<Ticket>> all = tickets.list({});
  ASSERT_TRUE(all.is_ok());
  EXPECT_EQ(all->size(), 1u);
}

TEST_P(StorageConformanceTest, TicketCreateWithDuplicateTokenRollsBack) {
  TicketStore& tickets = storage_->tickets();
  NewTicket first = ticket_spec("AAAA-1111", 1);
  first.access_token_hash = "hash-1";
  ASSERT_TRUE(tickets.create(first).is_ok());
  NewTicket second = ticket_spec("AAAA-2222", 2);
  second.access_token_hash = "hash-1";
  EXPECT_EQ(tickets.create(second).status().code(), Code::kConflict);
  EXPECT_EQ(tickets.find_by_ref("AAAA-2222").status().code(), Code::kNotFound);
}

TEST_P(StorageConformanceTest, TicketFindByUnknownRefIsNotFound) {
  EXPECT_EQ(storage_->tickets().find_by_ref("ZZZZ-ZZZZ").status().code(), Code::kNotFound);
  EXPECT_EQ(storage_->tickets().find_by_access_token("nope").status().code(), Code::kNotFound);
}

TEST_P(StorageConformanceTest, TicketAccessTokensFindTheirTicket) {
  TicketStore& tickets = storage_->tickets();
  NewTicket spec = ticket_spec("TOKN-0001", 10);
  spec.access_token_hash = "first-hash";
  Result<Ticket> created = tickets.create(spec);
  ASSERT_TRUE(created.is_ok());
  ASSERT_TRUE(tickets.create(ticket_spec("TOKN-0002", 11)).is_ok());
  Result<Ticket> by_first = tickets.find_by_access_token("first-hash");
  ASSERT_TRUE(by_first.is_ok());
  EXPECT_EQ(by_first->ref, "TOKN-0001");

  ASSERT_TRUE(tickets.add_access_token(created->id, "second-hash", 20).is_ok());
  Result<Ticket> by_second = tickets.find_by_access_token("second-hash");
  ASSERT_TRUE(by_second.is_ok());
  EXPECT_EQ(by_second->id, created->id);
  // The older link keeps working.
  EXPECT_TRUE(tickets.find_by_access_token("first-hash").is_ok());

  EXPECT_EQ(tickets.add_access_token(created->id, "second-hash", 21).code(), Code::kConflict);
  EXPECT_EQ(tickets.add_access_token(987654, "third-hash", 21).code(), Code::kNotFound);
  EXPECT_EQ(tickets.add_access_token(created->id, "", 21).code(), Code::kInvalidArgument);
}

TEST_P(StorageConformanceTest, TicketListsForPersonAndEmailAreNewestFirst) {
  TicketStore& tickets = storage_->tickets();
  Person ann = create_person("ann@example.com");
  Person bob = create_person("bob@example.com");
  ASSERT_TRUE(tickets.create(ticket_spec("PERS-0001", 100, ann.id, "ann@example.com")).is_ok());
  ASSERT_TRUE(tickets.create(ticket_spec("PERS-0002", 300, ann.id, "ann@example.com")).is_ok());
  ASSERT_TRUE(tickets.create(ticket_spec("PERS-0003", 200, bob.id, "bob@example.com")).is_ok());
  ASSERT_TRUE(tickets.create(ticket_spec("GUES-0001", 400, std::nullopt, "Ann@Example.com")).is_ok());

  Result<std::vector<Ticket>> mine = tickets.list_for_person(ann.id, 10, 0);
  ASSERT_TRUE(mine.is_ok());
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].ref, "PERS-0002");
  EXPECT_EQ((*mine)[1].ref, "PERS-0001");
  EXPECT_EQ((*mine)[0].person_id, std::optional<int64_t>(ann.id));

  Result<std::vector<Ticket>> paged = tickets.list_for_person(ann.id, 1, 1);
  ASSERT_TRUE(paged.is_ok());
  ASSERT_EQ(paged->size(), 1u);
  EXPECT_EQ((*paged)[0].ref, "PERS-0001");

  Result<std::vector<Ticket>> by_mail = tickets.list_for_email("ANN@example.COM", 10, 0);
  ASSERT_TRUE(by_mail.is_ok());
  ASSERT_EQ(by_mail->size(), 3u);
  EXPECT_EQ((*by_mail)[0].ref, "GUES-0001");
  EXPECT_EQ((*by_mail)[1].ref, "PERS-0002");
  EXPECT_EQ((*by_mail)[2].ref, "PERS-0001");

  EXPECT_EQ(tickets.list_for_person(ann.id, -1, 0).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(tickets.list_for_email("x@example.com", 1, -1).status().code(), Code::kInvalidArgument);
}

TEST_P(StorageConformanceTest, TicketMessagesBumpActivityAndStatus) {
  TicketStore& tickets = storage_->tickets();
  Person agent = create_person("agent@example.com", Role::kAgent);
  Result<Ticket> t = tickets.create(ticket_spec("MSGS-0001", 1000));
  ASSERT_TRUE(t.is_ok());

  NewTicketMessage reply{t->id, TicketAuthor::kAgent, agent.id, "Agent Smith", "Have you tried water?", 2000};
  Result<TicketMessage> added = tickets.add_message(reply);
  ASSERT_TRUE(added.is_ok()) << added.status().to_string();
  EXPECT_GT(added->id, 0);
  Result<Ticket> after = tickets.find_by_ref("MSGS-0001");
  ASSERT_TRUE(after.is_ok());
  EXPECT_EQ(after->status, TicketStatus::kPending);
  EXPECT_EQ(after->updated_ms, 2000);

  ASSERT_TRUE(tickets.set_status(t->id, TicketStatus::kClosed, 3000).is_ok());
  after = tickets.find_by_ref("MSGS-0001");
  EXPECT_EQ(after->status, TicketStatus::kClosed);
  EXPECT_EQ(after->updated_ms, 3000);

  // A user reply reopens; a message stamped in the past never moves activity back.
  NewTicketMessage user_reply{t->id, TicketAuthor::kUser, std::nullopt, "Ann Guest", "Still burning", 2500};
  ASSERT_TRUE(tickets.add_message(user_reply).is_ok());
  after = tickets.find_by_ref("MSGS-0001");
  EXPECT_EQ(after->status, TicketStatus::kOpen);
  EXPECT_EQ(after->updated_ms, 3000);

  Result<std::vector<TicketMessage>> msgs = tickets.messages(t->id);
  ASSERT_TRUE(msgs.is_ok());
  ASSERT_EQ(msgs->size(), 3u);
  EXPECT_EQ((*msgs)[0].body, "It started smoking\nthen it burned.");
  EXPECT_EQ((*msgs)[1].author, TicketAuthor::kAgent);
  EXPECT_EQ((*msgs)[1].author_id, std::optional<int64_t>(agent.id));
  EXPECT_EQ((*msgs)[1].author_name, "Agent Smith");
  EXPECT_EQ((*msgs)[2].author, TicketAuthor::kUser);
  EXPECT_FALSE((*msgs)[2].author_id.has_value());

  EXPECT_EQ(tickets.add_message({987654, TicketAuthor::kUser, std::nullopt, "x", "y", 1}).status().code(),
            Code::kNotFound);
  EXPECT_EQ(tickets.set_status(987654, TicketStatus::kOpen, 1).code(), Code::kNotFound);
  Result<std::vector<TicketMessage>> none = tickets.messages(987654);
  ASSERT_TRUE(none.is_ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(StorageConformanceTest, TicketListFiltersByStatusNewestActivityFirst) {
  TicketStore& tickets = storage_->tickets();
  Result<Ticket> a = tickets.create(ticket_spec("LIST-000A", 100));
  Result<Ticket> b = tickets.create(ticket_spec("LIST-000B", 200));
  Result<Ticket> c = tickets.create(ticket_spec("LIST-000C", 300));
  ASSERT_TRUE(a.is_ok() && b.is_ok() && c.is_ok());
  ASSERT_TRUE(tickets.add_message({a->id, TicketAuthor::kUser, std::nullopt, "Ann", "bump", 400}).is_ok());
  ASSERT_TRUE(tickets.set_status(b->id, TicketStatus::kResolved, 500).is_ok());

  Result<std::vector<Ticket>> all = tickets.list({});
  ASSERT_TRUE(all.is_ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].ref, "LIST-000B");
  EXPECT_EQ((*all)[1].ref, "LIST-000A");
  EXPECT_EQ((*all)[2].ref, "LIST-000C");

  Result<std::vector<Ticket>> open = tickets.list({TicketStatus::kOpen, 10, 0});
  ASSERT_TRUE(open.is_ok());
  ASSERT_EQ(open->size(), 2u);
  EXPECT_EQ((*open)[0].ref, "LIST-000A");
  EXPECT_EQ((*open)[1].ref, "LIST-000C");

  Result<std::vector<Ticket>> page2 = tickets.list({TicketStatus::kOpen, 1, 1});
  ASSERT_TRUE(page2.is_ok());
  ASSERT_EQ(page2->size(), 1u);
  EXPECT_EQ((*page2)[0].ref, "LIST-000C");

  Result<std::vector<Ticket>> closed = tickets.list({TicketStatus::kClosed, 10, 0});
  ASSERT_TRUE(closed.is_ok());
  EXPECT_TRUE(closed->empty());
  EXPECT_EQ(tickets.list({std::nullopt, -1, 0}).status().code(), Code::kInvalidArgument);

  Result<std::map<TicketStatus, int64_t>> counts = tickets.count_by_status();
  ASSERT_TRUE(counts.is_ok());
  EXPECT_EQ(counts->at(TicketStatus::kOpen), 2);
  EXPECT_EQ(counts->at(TicketStatus::kPending), 0);
  EXPECT_EQ(counts->at(TicketStatus::kResolved), 1);
  EXPECT_EQ(counts->at(TicketStatus::kClosed), 0);
}

TEST_P(StorageConformanceTest, ConcurrentTicketRepliesAreAllKept) {
  TicketStore& tickets = storage_->tickets();
  Result<Ticket> t = tickets.create(ticket_spec("RACE-0001", 1));
  ASSERT_TRUE(t.is_ok());
  constexpr int kThreads = 4;
  constexpr int kEach = 10;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      for (int j = 0; j < kEach; ++j) {
        NewTicketMessage m{t->id, i % 2 ? TicketAuthor::kAgent : TicketAuthor::kUser, std::nullopt,
                           "n",   std::to_string(i) + "/" + std::to_string(j),        10 + j};
        if (!tickets.add_message(m).is_ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  Result<std::vector<TicketMessage>> msgs = tickets.messages(t->id);
  ASSERT_TRUE(msgs.is_ok());
  EXPECT_EQ(msgs->size(), 1u + kThreads * kEach);
}

}  // namespace deskd::storage::conformance
