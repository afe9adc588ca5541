#pragma once
// Conformance tests for storage::InsightStore (ticket search, people
// directory and merge, report figures, deflection), run by every backend
// through StorageConformanceTest. Include it in the same translation unit as
// storage_conformance.h, after ticket_conformance.h, engage_conformance.h and
// chat_conformance.h (it uses their helpers).
#include <algorithm>

#include "storage/insight_store.h"
#include "storage/testing/chat_conformance.h"
#include "storage/testing/engage_conformance.h"
#include "storage/testing/storage_conformance.h"
#include "storage/testing/ticket_conformance.h"

namespace deskd::storage::conformance {


inline TicketSearch search_for(std::string_view text, std::optional<TicketStatus> status = std::nullopt) {
  TicketSearch s;
  s.terms = ticket_search_terms(text);
  s.status = status;
  return s;
}

TEST_P(StorageConformanceTest, InsightSearchFindsSubjectMessagesRequesterAndRef) {
  TicketStore& tickets = storage_->tickets();
  InsightStore& insights = storage_->insights();
  NewTicket a = ticket_spec("AAAA-1111", 1000, std::nullopt, "ann@acme.example");
  a.subject = "Printer on fire";
  a.requester_name = "Ann Smith";
  a.body = "The toner smells.";
  Ticket ta = *tickets.create(a);
  NewTicket b = ticket_spec("BBBB-2222", 2000, std::nullopt, "bob@other.example");
  b.subject = "Refund please";
  b.requester_name = "Bob Jones";
  b.body = "I was charged twice.";
  Ticket tb = *tickets.create(b);
  NewTicketMessage reply;
  reply.ticket_id = ta.id;
  reply.author = TicketAuthor::kAgent;
  reply.author_name = "Agent";
  reply.body = "We replaced the fuser unit.";
  reply.created_ms = 3000;
  ASSERT_TRUE(tickets.add_message(reply).is_ok());

  EXPECT_EQ(refs_of(insights.search_tickets(search_for("printer"))), std::vector<std::string>{"AAAA-1111"});
  EXPECT_EQ(refs_of(insights.search_tickets(search_for("TONER"))), std::vector<std::string>{"AAAA-1111"});
  EXPECT_EQ(refs_of(insights.search_tickets(search_for("fuser"))), std::vector<std::string>{"AAAA-1111"});
  EXPECT_EQ(refs_of(insights.search_tickets(search_for("charged"))), std::vector<std::string>{"BBBB-2222"});
  EXPECT_EQ(refs_of(insights.search_tickets(search_for("Bob"))), std::vector<std::string>{"BBBB-2222"});
  EXPECT_EQ(refs_of(insights.search_tickets(search_for("bob@other.example"))), std::vector<std::string>{"BBBB-2222"});
  EXPECT_EQ(refs_of(insights.search_tickets(search_for("bbbb-2222"))), std::vector<std::string>{"BBBB-2222"});
  // Words are prefixes, and every word must occur somewhere in the ticket
  // (here the subject and an agent's reply).
  EXPECT_EQ(refs_of(insights.search_tickets(search_for("print"))), std::vector<std::string>{"AAAA-1111"});
  EXPECT_EQ(refs_of(insights.search_tickets(search_for("fire fuser"))), std::vector<std::string>{"AAAA-1111"});
  EXPECT_TRUE(refs_of(insights.search_tickets(search_for("fire refund"))).empty());
  // No words: every ticket, newest activity first (the reply bumped AAAA).
  EXPECT_EQ(refs_of(insights.search_tickets(search_for(""))), (std::vector<std::string>{"AAAA-1111", "BBBB-2222"}));
  // The status filter; the agent's reply made AAAA pending.
  EXPECT_EQ(refs_of(insights.search_tickets(search_for("", TicketStatus::kOpen))),
            std::vector<std::string>{"BBBB-2222"});
  EXPECT_TRUE(refs_of(insights.search_tickets(search_for("printer", TicketStatus::kOpen))).empty());
  EXPECT_EQ(refs_of(insights.search_tickets(search_for("printer", TicketStatus::kPending))),
            std::vector<std::string>{"AAAA-1111"});
  // Paging.
  TicketSearch page = search_for("");
  page.limit = 1;
  page.offset = 1;
  EXPECT_EQ(refs_of(insights.search_tickets(page)), std::vector<std::string>{"BBBB-2222"});
  page.limit = -1;
  EXPECT_EQ(insights.search_tickets(page).status().code(), Code::kInvalidArgument);
  (void)tb;
}

TEST_P(StorageConformanceTest, InsightSearchTermsNeutraliseQuerySyntax) {
  TicketStore& tickets = storage_->tickets();
  InsightStore& insights = storage_->insights();
  NewTicket a = ticket_spec("CCCC-3333", 1000);
  a.subject = "Login \"broken\" AND NOT working";
  ASSERT_TRUE(tickets.create(a).is_ok());
  for (std::string_view hostile :
       {"\"", "\"broken", "broken\" OR \"x", "NEAR(login broken)", "login*", "^login", "subject:login", "login & !",
        "'login':* | x", "(((", "-", "a:*", "\\", "%", "login) OR (1=1"}) {
    Result<std::vector<Ticket>> r = insights.search_tickets(search_for(hostile));
    EXPECT_TRUE(r.is_ok()) << hostile << ": " << r.status().to_string();
  }
  EXPECT_EQ(refs_of(insights.search_tickets(search_for("\"broken\" NOT"))), std::vector<std::string>{"CCCC-3333"});
  // A term the tokenizer cannot have produced is refused, not run.
  TicketSearch raw;
  raw.terms = {"x\" OR \"y"};
  EXPECT_EQ(insights.search_tickets(raw).status().code(), Code::kInvalidArgument);
  raw.terms = {""};
  EXPECT_EQ(insights.search_tickets(raw).status().code(), Code::kInvalidArgument);
  // Very long input is cut, never refused.
  EXPECT_TRUE(insights.search_tickets(search_for(std::string(100000, 'x'))).is_ok());
  EXPECT_TRUE(insights.search_tickets(search_for(std::string(5000, '"'))).is_ok());
}

TEST_P(StorageConformanceTest, InsightSearchFindsTheFirstMessageAndNothingElse) {
  TicketStore& tickets = storage_->tickets();
  InsightStore& insights = storage_->insights();
  Ticket t = *tickets.create(ticket_spec("DDDD-4444", 1000));
  EXPECT_EQ(refs_of(insights.search_tickets(search_for("smoking"))), std::vector<std::string>{"DDDD-4444"});
  EXPECT_TRUE(refs_of(insights.search_tickets(search_for("zebra"))).empty());
  (void)t;
}

TEST_P(StorageConformanceTest, InsightDirectoryGroupsByDomainWithTicketCounts) {
  InsightStore& insights = storage_->insights();
  Person zed = create_person("zed@alpha.example");
  Person amy = create_person("amy@beta.example");
  Person bea = create_person("bea@alpha.example");
  ASSERT_TRUE(storage_->tickets().create(ticket_spec("EEEE-5555", 1000, amy.id, amy.email)).is_ok());
  ASSERT_TRUE(storage_->tickets().create(ticket_spec("EEEE-6666", 1001, amy.id, amy.email)).is_ok());
  Result<std::vector<DirectoryEntry>> all = insights.directory({});
  ASSERT_TRUE(all.is_ok()) << all.status().to_string();
  std::vector<std::string> emails;
  for (const auto& e : *all) emails.push_back(e.person.email);
  EXPECT_EQ(emails, (std::vector<std::string>{"bea@alpha.example", "zed@alpha.example", "amy@beta.example"}));
  EXPECT_EQ((*all)[2].tickets, 2);
  EXPECT_EQ((*all)[0].tickets, 0);
  DirectoryQuery q;
  q.text = "BETA";
  Result<std::vector<DirectoryEntry>> some = insights.directory(q);
  ASSERT_TRUE(some.is_ok());
  ASSERT_EQ(some->size(), 1u);
  EXPECT_EQ((*some)[0].person.id, amy.id);
  q.text = "%";
  EXPECT_TRUE(insights.directory(q)->empty());
  q.text = "_";
  EXPECT_TRUE(insights.directory(q)->empty());
  q.text = "";
  q.limit = 1;
  q.offset = 2;
  ASSERT_EQ(insights.directory(q)->size(), 1u);
  q.offset = -1;
  EXPECT_EQ(insights.directory(q).status().code(), Code::kInvalidArgument);
  (void)zed;
  (void)bea;
}

TEST_P(StorageConformanceTest, InsightPersonHistoryListsCommentsAndVisitsOfAttachedVisitors) {
  InsightStore& insights = storage_->insights();
  FeedbackStore& e = storage_->feedback();
  Person p = create_person("history@example.com");
  ASSERT_TRUE(storage_->page_views()
                  .record_page_views({engage_view("visH", 0, "/kb/one", 10), engage_view("visX", 0, "/kb/x", 11)})
                  .is_ok());
  ASSERT_TRUE(e.attach_visitor("visH", p.id).is_ok());
  ASSERT_TRUE(storage_->page_views().record_page_views({engage_view("visH", 0, "/kb/two", 20)}).is_ok());
  Comment c = engage_comment(5, "p:" + std::to_string(p.id), "my words", 30);
  c.person_id = p.id;
  ASSERT_TRUE(e.add_comment(c).is_ok());

  Result<std::vector<PageView>> views = insights.page_views_for_person(p.id, 10);
  ASSERT_TRUE(views.is_ok()) << views.status().to_string();
  std::vector<std::string> paths;
  for (const auto& v : *views) paths.push_back(v.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"/kb/two", "/kb/one"}));
  Result<std::vector<Comment>> comments = insights.comments_by_person(p.id, 10);
  ASSERT_TRUE(comments.is_ok()) << comments.status().to_string();
  ASSERT_EQ(comments->size(), 1u);
  EXPECT_EQ((*comments)[0].body, "my words");
}

TEST_P(StorageConformanceTest, InsightMergeMovesEverythingAndDisablesTheMergedPerson) {
  InsightStore& insights = storage_->insights();
  FeedbackStore& e = storage_->feedback();
  Person keep = create_person("keep@example.com");
  Person gone = create_person("gone@example.com");
  ASSERT_TRUE(storage_->tickets().create(ticket_spec("FFFF-0001", 1000, gone.id, gone.email)).is_ok());
  ASSERT_TRUE(storage_->tickets().create(ticket_spec("FFFF-0002", 1001, std::nullopt, "GONE@example.com")).is_ok());
  const std::string gone_voter = "p:" + std::to_string(gone.id);
  const std::string keep_voter = "p:" + std::to_string(keep.id);
  ASSERT_TRUE(e.cast_vote(1, gone_voter, 1, gone.id).is_ok());
  ASSERT_TRUE(e.cast_vote(2, gone_voter, 1, gone.id).is_ok());
  ASSERT_TRUE(e.cast_vote(2, keep_voter, -1, keep.id).is_ok());
  Comment c = engage_comment(1, gone_voter, "merged words", 5);
  c.person_id = gone.id;
  ASSERT_TRUE(e.add_comment(c).is_ok());
  ASSERT_TRUE(storage_->page_views().record_page_views({engage_view("visG", gone.id, "/kb/g", 7)}).is_ok());
  NewChat chat = chat_spec("visG", 8);
  chat.person_id = gone.id;
  ASSERT_TRUE(storage_->chats().create(chat).is_ok());

  EXPECT_EQ(insights.merge_people(keep.id, keep.id).code(), Code::kInvalidArgument);
  EXPECT_EQ(insights.merge_people(keep.id, gone.id + keep.id + 100).code(), Code::kNotFound);
  ASSERT_TRUE(insights.merge_people(keep.id, gone.id).is_ok());

  EXPECT_EQ(refs_of(storage_->tickets().list_for_person(keep.id, 10, 0)),
            (std::vector<std::string>{"FFFF-0002", "FFFF-0001"}));
  EXPECT_TRUE(storage_->people().find_by_id(gone.id)->disabled);
  EXPECT_FALSE(storage_->people().find_by_id(keep.id)->disabled);
  EXPECT_EQ(*e.my_vote(1, keep_voter), 1);
  EXPECT_EQ(*e.my_vote(2, keep_voter), -1);  // keep's own vote stays
  EXPECT_EQ(e.vote_counts(2)->up + e.vote_counts(2)->down, 1);
  EXPECT_EQ(insights.comments_by_person(keep.id, 10)->size(), 1u);
  EXPECT_EQ(insights.page_views_for_person(keep.id, 10)->size(), 1u);
  EXPECT_EQ(storage_->chats().chats_for_person(keep.id, 10)->size(), 1u);
}

TEST_P(StorageConformanceTest, InsightReportTimesFollowRepliesAndStatus) {
  TicketStore& tickets = storage_->tickets();
  InsightStore& insights = storage_->insights();
  Ticket a = *tickets.create(ticket_spec("GGGG-0001", 1000));
  Ticket b = *tickets.create(ticket_spec("GGGG-0002", 2000));
  ASSERT_TRUE(tickets.create(ticket_spec("GGGG-0003", 9000)).is_ok());
  NewTicketMessage m;
  m.ticket_id = a.id;
  m.author = TicketAuthor::kUser;
  m.author_name = "Ann";
  m.body = "more";
  m.created_ms = 1100;
  ASSERT_TRUE(tickets.add_message(m).is_ok());  // the requester: not a response
  m.author = TicketAuthor::kAgent;
  m.created_ms = 1500;
  ASSERT_TRUE(tickets.add_message(m).is_ok());
  m.created_ms = 1700;
  ASSERT_TRUE(tickets.add_message(m).is_ok());  // the first response stays
  ASSERT_TRUE(tickets.set_status(a.id, TicketStatus::kResolved, 4000).is_ok());
  ASSERT_TRUE(tickets.set_status(b.id, TicketStatus::kClosed, 5000).is_ok());
  ASSERT_TRUE(tickets.set_status(b.id, TicketStatus::kOpen, 6000).is_ok());  // reopened

  Result<std::vector<TicketTimes>> times = insights.ticket_times(0, 9000);
  ASSERT_TRUE(times.is_ok()) << times.status().to_string();
  ASSERT_EQ(times->size(), 2u);
  EXPECT_EQ((*times)[0].ticket_id, a.id);
  EXPECT_EQ((*times)[0].created_ms, 1000);
  EXPECT_EQ((*times)[0].first_response_ms, std::optional<int64_t>(1500));
  EXPECT_EQ((*times)[0].resolved_ms, std::optional<int64_t>(4000));
  EXPECT_EQ((*times)[1].first_response_ms, std::nullopt);
  EXPECT_EQ((*times)[1].resolved_ms, std::nullopt);
  EXPECT_EQ(*insights.resolutions(0, 10000), std::vector<int64_t>{4000});
  EXPECT_TRUE(insights.resolutions(4001, 10000)->empty());
}

TEST_P(StorageConformanceTest, InsightChatsAnsweredAndDeflections) {
  InsightStore& insights = storage_->insights();
  Person agent = create_person("answers@example.com", Role::kAgent);
  Chat c1 = *storage_->chats().create(chat_spec("visA", 100));
  ASSERT_TRUE(storage_->chats().create(chat_spec("visB", 200)).is_ok());
  ASSERT_TRUE(storage_->chats().accept(c1.id, agent.id, 300).is_ok());
  EXPECT_EQ(*insights.chats_answered(0, 1000), std::vector<int64_t>{300});

  EXPECT_EQ(insights.record_deflection("", 1, 10).code(), Code::kInvalidArgument);
  ASSERT_TRUE(insights.record_deflection("visD", 1, 1000).is_ok());
  ASSERT_TRUE(insights.record_deflection("visD", 2, 1100).is_ok());
  ASSERT_TRUE(insights.record_deflection("visT", 1, 1200).is_ok());
  NewTicket t = ticket_spec("HHHH-0001", 1300);
  t.visitor_id = "visT";  // opened a suggestion, then asked anyway
  ASSERT_TRUE(storage_->tickets().create(t).is_ok());
  Result<DeflectionCounts> counts = insights.deflections(0, 5000);
  ASSERT_TRUE(counts.is_ok()) << counts.status().to_string();
  EXPECT_EQ(counts->visitors, 2);
  EXPECT_EQ(counts->deflected, 1);
  EXPECT_EQ(insights.deflections(5000, 6000)->visitors, 0);
}

}  // namespace deskd::storage::conformance
