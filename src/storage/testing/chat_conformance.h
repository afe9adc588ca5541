#pragma once
// Conformance tests for storage::ChatStore (Messenger chats and messages), run
// by every backend through StorageConformanceTest. Include it in the same
// translation unit as storage_conformance.h.
#include "storage/chat_store.h"
#include "storage/testing/storage_conformance.h"

namespace deskd::storage::conformance {

inline NewChat chat_spec(std::string visitor, int64_t at_ms) {
  NewChat c;
  c.visitor_id = std::move(visitor);
  c.name = "Guest";
  c.email = "guest@example.com";
  c.lang = "da";
  c.created_ms = at_ms;
  return c;
}

inline ChatMessage chat_line(int64_t chat_id, std::string body, std::string client_id, int64_t at_ms,
                             ChatAuthor author = ChatAuthor::kVisitor, int64_t author_id = 0) {
  ChatMessage m;
  m.chat_id = chat_id;
  m.author = author;
  m.author_id = author_id;
  m.name = author == ChatAuthor::kAgent ? "Agent" : "Guest";
  m.body = std::move(body);
  m.client_id = std::move(client_id);
  m.at_ms = at_ms;
  return m;
}

TEST_P(StorageConformanceTest, ChatIsCreatedQueuedAndFoundAgain) {
  ChatStore& chats = storage_->chats();
  Result<Chat> c = chats.create(chat_spec("visA", 1000));
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_GT(c->id, 0);
  EXPECT_EQ(c->status, ChatStatus::kQueued);
  EXPECT_EQ(c->visitor_id, "visA");
  EXPECT_EQ(c->name, "Guest");
  EXPECT_EQ(c->email, "guest@example.com");
  EXPECT_EQ(c->lang, "da");
  EXPECT_EQ(c->created_ms, 1000);
  EXPECT_EQ(c->agent_id, 0);
  EXPECT_EQ(c->person_id, 0);
  Result<Chat> again = chats.find(c->id);
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(again->visitor_id, "visA");
  EXPECT_EQ(chats.find(c->id + 100).status().code(), Code::kNotFound);
  EXPECT_EQ(chats.create(chat_spec("", 1)).status().code(), Code::kInvalidArgument);
}

TEST_P(StorageConformanceTest, ChatVisitorRegistrationIsIdempotent) {
  ChatStore& chats = storage_->chats();
  ASSERT_TRUE(chats.register_visitor("AAAAAAAAAAAAAAAAAAAAAA", 5).is_ok());
  ASSERT_TRUE(chats.register_visitor("AAAAAAAAAAAAAAAAAAAAAA", 6).is_ok());
  EXPECT_EQ(chats.register_visitor("", 6).code(), Code::kInvalidArgument);
}

TEST_P(StorageConformanceTest, ChatOpenCapsPerVisitorAndPerClientAreEnforcedByCreate) {
  ChatStore& chats = storage_->chats();
  auto capped = [](std::string visitor, std::string client) {
    NewChat c = chat_spec(std::move(visitor), 1000);
    c.client_key = std::move(client);
    c.max_open_per_visitor = 2;
    c.max_open_per_client = 3;
    return c;
  };
  Chat first = *chats.create(capped("visA", "net1"));
  ASSERT_TRUE(chats.create(capped("visA", "net1")).is_ok());
  Result<Chat> third = chats.create(capped("visA", "net1"));
  EXPECT_EQ(third.status().code(), Code::kResourceExhausted);
  EXPECT_EQ(third.status().message(), kOpenChatsPerVisitor);
  ASSERT_TRUE(chats.create(capped("visB", "net1")).is_ok());  // three open from net1 now
  Result<Chat> fourth = chats.create(capped("visC", "net1"));
  EXPECT_EQ(fourth.status().code(), Code::kResourceExhausted);
  EXPECT_EQ(fourth.status().message(), kOpenChatsPerClient);
  EXPECT_TRUE(chats.create(capped("visC", "net2")).is_ok());
  // Ended chats no longer count; a cap of 0 is no cap.
  ASSERT_TRUE(chats.end(first.id, "visitor", 2000).is_ok());
  EXPECT_TRUE(chats.create(capped("visA", "net1")).is_ok());
  NewChat uncapped = chat_spec("visA", 3000);
  uncapped.client_key = "net1";
  EXPECT_TRUE(chats.create(uncapped).is_ok());
  // Accepted (active) chats still count.
  Person agent = create_person("capper@example.com", Role::kAgent);
  Chat d = *chats.create(capped("visD", "net3"));
  ASSERT_TRUE(chats.accept(d.id, agent.id, 2500).is_ok());
  ASSERT_TRUE(chats.create(capped("visD", "net3")).is_ok());
  EXPECT_EQ(chats.create(capped("visD", "net3")).status().message(), kOpenChatsPerVisitor);
}

TEST_P(StorageConformanceTest, ChatQueuePagesAreTheNewestWithTheTotal) {
  ChatStore& chats = storage_->chats();
  std::vector<int64_t> ids;
  for (int i = 0; i < 7; ++i) ids.push_back(chats.create(chat_spec("vis" + std::to_string(i), 1000 + i))->id);
  Result<QueuePage> page = chats.queue(3);
  ASSERT_TRUE(page.is_ok()) << page.status().to_string();
  EXPECT_EQ(page->total, 7);
  ASSERT_EQ(page->chats.size(), 3u);
  EXPECT_EQ(page->chats[0].id, ids[4]);
  EXPECT_EQ(page->chats[2].id, ids[6]);
  EXPECT_EQ(*chats.queue_size(), 7);
  ASSERT_TRUE(chats.end(ids[6], "agent", 2000).is_ok());
  page = chats.queue(3);
  EXPECT_EQ(page->total, 6);
  EXPECT_EQ(page->chats.back().id, ids[5]);
  EXPECT_EQ(chats.queue(100)->chats.size(), 6u);
}

TEST_P(StorageConformanceTest, ChatLatestMessagesAreTheNewestOldestFirst) {
  ChatStore& chats = storage_->chats();
  Chat c = *chats.create(chat_spec("visA", 1000));
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(chats.add_message(chat_line(c.id, "m" + std::to_string(i), "", 1100 + i)).is_ok());
  Result<std::vector<ChatMessage>> last = chats.latest_messages(c.id, 3);
  ASSERT_TRUE(last.is_ok());
  ASSERT_EQ(last->size(), 3u);
  EXPECT_EQ((*last)[0].body, "m2");
  EXPECT_EQ((*last)[2].body, "m4");
  EXPECT_EQ(chats.latest_messages(c.id, 10)->size(), 5u);
}

TEST_P(StorageConformanceTest, ChatMessagesGetIncreasingIdsAndRetriesAreIdempotent) {
  ChatStore& chats = storage_->chats();
  Chat a = *chats.create(chat_spec("visA", 1000));
  Chat b = *chats.create(chat_spec("visB", 1001));
  Result<ChatMessage> m1 = chats.add_message(chat_line(a.id, "hello", "c1", 1100));
  ASSERT_TRUE(m1.is_ok()) << m1.status().to_string();
  Result<ChatMessage> m2 = chats.add_message(chat_line(b.id, "other", "c1", 1200));
  ASSERT_TRUE(m2.is_ok());
  Result<ChatMessage> m3 = chats.add_message(chat_line(a.id, "hi!", "", 1300, ChatAuthor::kAgent, 0));
  ASSERT_TRUE(m3.is_ok());
  EXPECT_LT(m1->id, m2->id);
  EXPECT_LT(m2->id, m3->id);
  EXPECT_EQ(m1->body, "hello");
  EXPECT_EQ(m1->client_id, "c1");
  // The same client_id in the same chat returns the stored row, unchanged.
  Result<ChatMessage> retry = chats.add_message(chat_line(a.id, "hello (retried)", "c1", 9999));
  ASSERT_TRUE(retry.is_ok());
  EXPECT_EQ(retry->id, m1->id);
  EXPECT_EQ(retry->body, "hello");
  EXPECT_EQ(retry->at_ms, 1100);
  Result<std::vector<ChatMessage>> all = chats.messages(a.id);
  ASSERT_TRUE(all.is_ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, m1->id);
  EXPECT_EQ((*all)[1].author, ChatAuthor::kAgent);
  EXPECT_EQ((*all)[1].client_id, "");
  EXPECT_EQ(chats.add_message(chat_line(a.id, "", "c9", 1)).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(chats.add_message(chat_line(a.id + b.id + 10, "x", "", 1)).status().code(), Code::kNotFound);
}

TEST_P(StorageConformanceTest, ChatMessagesAfterACursorSpanChats) {
  ChatStore& chats = storage_->chats();
  Chat a = *chats.create(chat_spec("visA", 1000));
  Chat b = *chats.create(chat_spec("visA", 1001));
  Chat other = *chats.create(chat_spec("visB", 1002));
  std::vector<int64_t> ids;
  for (int i = 0; i < 6; ++i) {
    const int64_t chat = i % 3 == 0 ? a.id : i % 3 == 1 ? b.id : other.id;
    ids.push_back(chats.add_message(chat_line(chat, "m" + std::to_string(i), "", 2000 + i))->id);
  }
  Result<std::vector<ChatMessage>> after = chats.messages_after({a.id, b.id}, ids[1], 100);
  ASSERT_TRUE(after.is_ok());
  ASSERT_EQ(after->size(), 2u);
  EXPECT_EQ((*after)[0].body, "m3");
  EXPECT_EQ((*after)[1].body, "m4");
  Result<std::vector<ChatMessage>> limited = chats.messages_after({a.id, b.id}, 0, 3);
  ASSERT_TRUE(limited.is_ok());
  ASSERT_EQ(limited->size(), 3u);
  EXPECT_EQ((*limited)[2].body, "m3");
  EXPECT_TRUE(chats.messages_after({}, 0, 10)->empty());
}

TEST_P(StorageConformanceTest, ChatAcceptIsCompareAndSwap) {
  ChatStore& chats = storage_->chats();
  Person agent1 = create_person("agent1@example.com", Role::kAgent);
  Person agent2 = create_person("agent2@example.com", Role::kAgent);
  Chat c = *chats.create(chat_spec("visA", 1000));
  Chat later = *chats.create(chat_spec("visB", 1500));
  Result<QueuePage> queue = chats.queue(10);
  ASSERT_TRUE(queue.is_ok());
  ASSERT_EQ(queue->chats.size(), 2u);
  EXPECT_EQ(queue->chats[0].id, c.id);
  Result<Chat> accepted = chats.accept(c.id, agent1.id, 2000);
  ASSERT_TRUE(accepted.is_ok()) << accepted.status().to_string();
  EXPECT_EQ(accepted->status, ChatStatus::kActive);
  EXPECT_EQ(accepted->agent_id, agent1.id);
  EXPECT_EQ(accepted->accepted_ms, 2000);
  Result<Chat> second = chats.accept(c.id, agent2.id, 2001);
  EXPECT_EQ(second.status().code(), Code::kConflict);
  EXPECT_EQ(chats.find(c.id)->agent_id, agent1.id);
  EXPECT_EQ(chats.accept(c.id + later.id + 5, agent1.id, 1).status().code(), Code::kNotFound);
  ASSERT_EQ(chats.queue(10)->chats.size(), 1u);
  Result<std::vector<Chat>> mine = chats.active_for_agent(agent1.id);
  ASSERT_TRUE(mine.is_ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].id, c.id);
}

TEST_P(StorageConformanceTest, ChatRaceToAcceptHasOneWinner) {
  ChatStore& chats = storage_->chats();
  Person agent = create_person("racer@example.com", Role::kAgent);
  Chat c = *chats.create(chat_spec("visA", 1000));
  std::atomic<int> won{0};
  std::atomic<int> lost{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      Result<Chat> r = chats.accept(c.id, agent.id, 2000);
      if (r.is_ok()) {
        ++won;
      } else if (r.status().code() == Code::kConflict) {
        ++lost;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(lost.load(), 3);
}

TEST_P(StorageConformanceTest, ChatTransferAndEnd) {
  ChatStore& chats = storage_->chats();
  Person agent1 = create_person("agent1@example.com", Role::kAgent);
  Person agent2 = create_person("agent2@example.com", Role::kAgent);
  Chat c = *chats.create(chat_spec("visA", 1000));
  EXPECT_EQ(chats.transfer(c.id, agent1.id, agent2.id).status().code(), Code::kConflict);  // still queued
  ASSERT_TRUE(chats.accept(c.id, agent1.id, 2000).is_ok());
  EXPECT_EQ(chats.transfer(c.id, agent2.id, agent1.id).status().code(), Code::kConflict);  // not agent2's
  Result<Chat> moved = chats.transfer(c.id, agent1.id, agent2.id);
  ASSERT_TRUE(moved.is_ok());
  EXPECT_EQ(moved->agent_id, agent2.id);
  EXPECT_TRUE(chats.active_for_agent(agent1.id)->empty());
  Result<Chat> ended = chats.end(c.id, "agent", 3000);
  ASSERT_TRUE(ended.is_ok());
  EXPECT_EQ(ended->status, ChatStatus::kEnded);
  EXPECT_EQ(ended->ended_by, "agent");
  EXPECT_EQ(ended->ended_ms, 3000);
  EXPECT_EQ(chats.end(c.id, "visitor", 3001).status().code(), Code::kConflict);
  EXPECT_EQ(chats.add_message(chat_line(c.id, "too late", "late", 3002)).status().code(), Code::kConflict);
  EXPECT_EQ(chats.accept(c.id, agent1.id, 3003).status().code(), Code::kConflict);
}

TEST_P(StorageConformanceTest, ChatIdleSinceLooksAtTheLastMessage) {
  ChatStore& chats = storage_->chats();
  Chat quiet = *chats.create(chat_spec("visA", 1000));
  Chat talking = *chats.create(chat_spec("visB", 1000));
  Chat ended = *chats.create(chat_spec("visC", 1000));
  ASSERT_TRUE(chats.add_message(chat_line(talking.id, "still here", "", 5000)).is_ok());
  ASSERT_TRUE(chats.end(ended.id, "visitor", 1100).is_ok());
  Result<std::vector<Chat>> idle = chats.idle_since(4000);
  ASSERT_TRUE(idle.is_ok());
  ASSERT_EQ(idle->size(), 1u);
  EXPECT_EQ((*idle)[0].id, quiet.id);
  EXPECT_EQ(chats.idle_since(6000)->size(), 2u);
}

TEST_P(StorageConformanceTest, ChatListsPerVisitorAndAttachToPerson) {
  ChatStore& chats = storage_->chats();
  Person person = create_person("guest@example.com");
  Chat first = *chats.create(chat_spec("visA", 1000));
  Chat second = *chats.create(chat_spec("visA", 2000));
  (void)*chats.create(chat_spec("visB", 3000));
  Result<std::vector<Chat>> mine = chats.chats_for_visitor("visA", 10);
  ASSERT_TRUE(mine.is_ok());
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].id, second.id);
  EXPECT_EQ((*mine)[1].id, first.id);
  EXPECT_EQ(chats.chats_for_visitor("visA", 1)->size(), 1u);
  EXPECT_TRUE(chats.chats_for_person(person.id, 10)->empty());
  Result<int64_t> attached = chats.attach_visitor("visA", person.id);
  ASSERT_TRUE(attached.is_ok());
  EXPECT_EQ(*attached, 2);
  Result<std::vector<Chat>> theirs = chats.chats_for_person(person.id, 10);
  ASSERT_TRUE(theirs.is_ok());
  ASSERT_EQ(theirs->size(), 2u);
  EXPECT_EQ((*theirs)[0].person_id, person.id);
  EXPECT_EQ(*chats.attach_visitor("visA", person.id), 0);
  EXPECT_EQ(chats.attach_visitor("", person.id).status().code(), Code::kInvalidArgument);
}

}  // namespace deskd::storage::conformance
