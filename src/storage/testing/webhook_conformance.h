#pragma once
// Backend-independent conformance tests for storage::WebhookStore and the
// event triggers of migration 0017, run by every backend's
// StorageConformanceTest instantiation (include this header in the same
// translation unit as storage_conformance.h). The contract is the one
// documented in storage/webhook_store.h.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storage/testing/storage_conformance.h"
#include "storage/testing/ticket_conformance.h"
#include "storage/webhook_store.h"

namespace deskd::storage::conformance {

inline WebhookSpec hook_spec(std::vector<std::string> events, std::string url = "https://hooks.example.com/in") {
  return WebhookSpec{std::move(url), std::move(events), "s3cret"};
}

inline std::vector<std::string> delivery_events(WebhookStore& store, int64_t webhook_id) {
  std::vector<std::string> out;
  auto list = store.deliveries(webhook_id, 100);
  EXPECT_TRUE(list.is_ok()) << list.status().to_string();
  if (list.is_ok())
    for (const auto& d : *list) out.push_back(d.event);
  return out;
}

TEST_P(StorageConformanceTest, WebhookCreateUpdateEnableRemove) {
  WebhookStore& hooks = storage_->webhooks();
  EXPECT_EQ(hooks.create(hook_spec({}), 1).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(hooks.create(hook_spec({"ticket.exploded"}), 1).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(hooks.create(hook_spec({"ticket.created"}, ""), 1).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(hooks.create(WebhookSpec{"https://x.example/", {"chat.ended"}, ""}, 1).status().code(),
            Code::kInvalidArgument);

  Result<Webhook> w = hooks.create(hook_spec({"chat.ended", "ticket.created", "chat.ended"}), 100);
  ASSERT_TRUE(w.is_ok()) << w.status().to_string();
  EXPECT_EQ(w->url, "https://hooks.example.com/in");
  EXPECT_EQ(w->events, (std::vector<std::string>{"ticket.created", "chat.ended"}));
  EXPECT_EQ(w->secret, "s3cret");
  EXPECT_TRUE(w->enabled);
  EXPECT_EQ(w->created_ms, 100);
  EXPECT_EQ(w->disabled, WebhookDisabled::kNo);

  ASSERT_TRUE(hooks.update(w->id, "https://other.example/h", {"comment.created"}, std::nullopt).is_ok());
  Result<Webhook> found = hooks.find(w->id);
  ASSERT_TRUE(found.is_ok());
  EXPECT_EQ(found->url, "https://other.example/h");
  EXPECT_EQ(found->events, std::vector<std::string>{"comment.created"});
  EXPECT_EQ(found->secret, "s3cret");  // kept
  ASSERT_TRUE(hooks.update(w->id, "https://other.example/h", {"comment.created"}, std::string("new")).is_ok());
  EXPECT_EQ(hooks.find(w->id)->secret, "new");
  EXPECT_EQ(hooks.update(w->id, "https://other.example/h", {"comment.created"}, std::string("")).code(),
            Code::kInvalidArgument);
  EXPECT_EQ(hooks.update(w->id + 999, "https://x.example/", {"chat.ended"}, std::nullopt).code(), Code::kNotFound);

  ASSERT_TRUE(hooks.set_enabled(w->id, false, 500).is_ok());
  found = hooks.find(w->id);
  EXPECT_FALSE(found->enabled);
  EXPECT_EQ(found->disabled, WebhookDisabled::kByAdmin);
  EXPECT_EQ(found->disabled_ms, 500);
  ASSERT_TRUE(hooks.set_enabled(w->id, false, 600).is_ok());
  EXPECT_EQ(hooks.find(w->id)->disabled_ms, 500);  // why and when are kept
  ASSERT_TRUE(hooks.set_enabled(w->id, true, 700).is_ok());
  found = hooks.find(w->id);
  EXPECT_TRUE(found->enabled);
  EXPECT_EQ(found->disabled, WebhookDisabled::kNo);
  EXPECT_EQ(hooks.set_enabled(w->id + 999, true, 1).code(), Code::kNotFound);

  Result<Webhook> second = hooks.create(hook_spec({"ticket.updated"}), 200);
  ASSERT_TRUE(second.is_ok());
  Result<std::vector<Webhook>> all = hooks.list();
  ASSERT_TRUE(all.is_ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, w->id);
  ASSERT_TRUE(hooks.remove(w->id).is_ok());
  EXPECT_EQ(hooks.find(w->id).status().code(), Code::kNotFound);
  EXPECT_EQ(hooks.remove(w->id).code(), Code::kNotFound);
}

// The triggers: every write path of tickets, chats and comments emits, in its
// own transaction, one delivery per enabled subscribed webhook.
TEST_P(StorageConformanceTest, WebhookEventsAreWrittenWithTheChange) {
  WebhookStore& hooks = storage_->webhooks();
  Result<Webhook> tickets_hook = hooks.create(hook_spec({"ticket.created", "ticket.replied", "ticket.updated"}), 1);
  Result<Webhook> chat_hook = hooks.create(hook_spec({"chat.started", "chat.ended", "comment.created"}), 1);
  Result<Webhook> off_hook = hooks.create(hook_spec({"ticket.created", "chat.started"}), 1);
  ASSERT_TRUE(tickets_hook.is_ok() && chat_hook.is_ok() && off_hook.is_ok());
  ASSERT_TRUE(hooks.set_enabled(off_hook->id, false, 2).is_ok());

  const int64_t t0 = 1'700'000'000'123;
  Result<Ticket> t = storage_->tickets().create(ticket_spec("WH00-0001", t0));
  ASSERT_TRUE(t.is_ok()) << t.status().to_string();
  NewTicketMessage reply;
  reply.ticket_id = t->id;
  reply.author = TicketAuthor::kAgent;
  reply.author_name = "Agent Smith";
  reply.body = "We are on it";
  reply.created_ms = t0 + 1000;
  ASSERT_TRUE(storage_->tickets().add_message(reply).is_ok());
  NewTicketMessage note = reply;
  note.kind = TicketMessageKind::kNote;
  note.body = "internal";
  note.created_ms = t0 + 2000;
  ASSERT_TRUE(storage_->tickets().add_message(note).is_ok());
  TicketChange change;
  change.priority = TicketPriority::kUrgent;
  ASSERT_TRUE(storage_->tickets().update({t->id}, change, t0 + 3000).is_ok());
  ASSERT_TRUE(storage_->tickets().update({t->id}, change, t0 + 4000).is_ok());  // no change: no event

  // The agent reply also moved the status to pending (a second ticket.updated).
  std::vector<std::string> events = delivery_events(hooks, tickets_hook->id);
  std::sort(events.begin(), events.end());
  EXPECT_EQ(events,
            (std::vector<std::string>{"ticket.created", "ticket.replied", "ticket.updated", "ticket.updated"}));
  EXPECT_TRUE(delivery_events(hooks, off_hook->id).empty());

  auto list = hooks.deliveries(tickets_hook->id, 100);
  ASSERT_TRUE(list.is_ok());
  ASSERT_EQ(list->size(), 4u);
  auto of = [&](const std::string& event, const std::string& key, const std::string& field) -> nlohmann::json {
    for (const auto& d : *list) {
      const auto j = nlohmann::json::parse(d.data, nullptr, false);
      if (d.event == event && j.is_object() && j.contains(key) && j[key].contains(field)) return j;
    }
    return nlohmann::json();
  };
  const WebhookDelivery& created = list->back();
  EXPECT_EQ(created.event, "ticket.created");
  EXPECT_EQ(created.status, DeliveryStatus::kPending);
  EXPECT_EQ(created.attempts, 0);
  EXPECT_EQ(created.created_ms, t0);
  EXPECT_EQ(created.next_try_ms, t0);
  EXPECT_EQ(created.event_id.size(), 36u);
  EXPECT_EQ(created.event_id.rfind("evt_", 0), 0u);
  const auto data = nlohmann::json::parse(created.data, nullptr, false);
  ASSERT_TRUE(data.is_object()) << created.data;
  EXPECT_EQ(data["ticket"]["ref"], "WH00-0001");
  EXPECT_EQ(data["ticket"]["subject"], "Printer on fire");
  EXPECT_EQ(data["ticket"]["status"], "open");
  EXPECT_EQ(data["ticket"]["requester"], "guest@example.com");
  EXPECT_EQ(data["ticket"]["created_at"], "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(data["message"]["body"], "It started smoking\nthen it burned.");
  EXPECT_EQ(data["message"]["author"], "user");
  const auto replied = of("ticket.replied", "message", "body");
  EXPECT_EQ(replied["message"]["body"], "We are on it");
  EXPECT_EQ(replied["message"]["author"], "agent");
  EXPECT_EQ(list->front().event, "ticket.updated");
  const auto updated = nlohmann::json::parse(list->front().data, nullptr, false);
  EXPECT_EQ(updated["ticket"]["priority"], "urgent");
  EXPECT_EQ(updated["previous"]["priority"], "normal");
  EXPECT_EQ(updated["previous"]["status"], "pending");
  std::set<std::string> ids;
  for (const auto& d : *list) ids.insert(d.event_id);
  EXPECT_EQ(ids.size(), list->size());

  ASSERT_TRUE(storage_->chats().register_visitor("visitor-webhook-1", t0).is_ok());
  NewChat chat;
  chat.visitor_id = "visitor-webhook-1";
  chat.name = "Vera";
  chat.created_ms = t0 + 5000;
  Result<Chat> c = storage_->chats().create(chat);
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  ASSERT_TRUE(storage_->chats().end(c->id, "visitor", t0 + 6000).is_ok());
  Comment comment;
  comment.article_id = 1;
  comment.voter = "v:visitor-webhook-1";
  comment.name = "Carl";
  comment.body = "Helpful";
  comment.created_ms = t0 + 7000;
  ASSERT_TRUE(storage_->feedback().add_comment(comment).is_ok());
  EXPECT_EQ(delivery_events(hooks, chat_hook->id),
            (std::vector<std::string>{"comment.created", "chat.ended", "chat.started"}));
  auto chat_list = hooks.deliveries(chat_hook->id, 100);
  ASSERT_TRUE(chat_list.is_ok());
  const auto ended = nlohmann::json::parse((*chat_list)[1].data, nullptr, false);
  EXPECT_EQ(ended["chat"]["status"], "ended");
  EXPECT_EQ(ended["chat"]["ended_by"], "visitor");
  EXPECT_EQ(ended["chat"]["name"], "Vera");
  const auto commented = nlohmann::json::parse((*chat_list)[0].data, nullptr, false);
  EXPECT_EQ(commented["comment"]["body"], "Helpful");
  EXPECT_EQ(commented["comment"]["status"], "pending");
}

TEST_P(StorageConformanceTest, WebhookClaimHandsEachDeliveryToOneCaller) {
  WebhookStore& hooks = storage_->webhooks();
  Result<Webhook> w = hooks.create(hook_spec({"ticket.created"}), 1);
  ASSERT_TRUE(w.is_ok());
  for (int i = 0; i < 12; ++i) {
    ASSERT_TRUE(storage_->tickets().create(ticket_spec("WH01-" + std::to_string(1000 + i), 1000 + i)).is_ok());
  }
  // Not due yet.
  Result<std::vector<DueDelivery>> early = hooks.claim_due(999, 60'000, 50);
  ASSERT_TRUE(early.is_ok());
  EXPECT_TRUE(early->empty());
  EXPECT_EQ(hooks.claim_due(2000, 0, 5).status().code(), Code::kInvalidArgument);

  std::mutex mu;
  std::vector<int64_t> claimed;
  std::vector<std::thread> threads;
  for (int n = 0; n < 4; ++n) {
    threads.emplace_back([&] {
      for (int round = 0; round < 6; ++round) {
        Result<std::vector<DueDelivery>> got = hooks.claim_due(5000, 60'000, 2);
        ASSERT_TRUE(got.is_ok()) << got.status().to_string();
        std::lock_guard lock(mu);
        for (const auto& d : *got) {
          claimed.push_back(d.delivery.id);
          EXPECT_EQ(d.url, "https://hooks.example.com/in");
          EXPECT_EQ(d.secret, "s3cret");
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<int64_t> unique(claimed.begin(), claimed.end());
  EXPECT_EQ(unique.size(), claimed.size());
  EXPECT_EQ(claimed.size(), 12u);
  // Held until the lease ends, then claimable again.
  EXPECT_TRUE(hooks.claim_due(60'000, 60'000, 50)->empty());
  EXPECT_EQ(hooks.claim_due(65'000, 60'000, 50)->size(), 12u);
}

TEST_P(StorageConformanceTest, WebhookFailuresRetryGiveUpAndDisable) {
  WebhookStore& hooks = storage_->webhooks();
  Result<Webhook> w = hooks.create(hook_spec({"ticket.created"}), 1);
  ASSERT_TRUE(w.is_ok());
  ASSERT_TRUE(storage_->tickets().create(ticket_spec("WH02-0001", 1000)).is_ok());
  ASSERT_TRUE(storage_->tickets().create(ticket_spec("WH02-0002", 1001)).is_ok());
  auto due = hooks.claim_due(2000, 60'000, 10);
  ASSERT_TRUE(due.is_ok());
  ASSERT_EQ(due->size(), 2u);
  const int64_t first = (*due)[0].delivery.id;
  const int64_t second = (*due)[1].delivery.id;

  Result<bool> off = hooks.record_failure(first, {500, "HTTP 500", 10'000, 2000, 3});
  ASSERT_TRUE(off.is_ok()) << off.status().to_string();
  EXPECT_FALSE(*off);
  auto list = hooks.deliveries(w->id, 10);
  ASSERT_TRUE(list.is_ok());
  const WebhookDelivery& d = list->back();
  EXPECT_EQ(d.id, first);
  EXPECT_EQ(d.status, DeliveryStatus::kPending);
  EXPECT_EQ(d.attempts, 1);
  EXPECT_EQ(d.next_try_ms, 10'000);
  EXPECT_EQ(d.last_http_status, 500);
  EXPECT_EQ(d.last_error, "HTTP 500");
  EXPECT_EQ(hooks.find(w->id)->consecutive_failures, 1);
  // The failure released the claim; it is due again at retry time only.
  EXPECT_TRUE(hooks.claim_due(9'999, 60'000, 10)->empty());

  // A success in between resets the count.
  ASSERT_TRUE(hooks.record_success(second, 204, 2500).is_ok());
  EXPECT_EQ(hooks.find(w->id)->consecutive_failures, 0);
  list = hooks.deliveries(w->id, 10);
  EXPECT_EQ(list->front().status, DeliveryStatus::kDelivered);
  EXPECT_EQ(list->front().attempts, 1);
  EXPECT_EQ(list->front().finished_ms, 2500);
  EXPECT_EQ(list->front().last_http_status, 204);

  for (int i = 1; i <= 3; ++i) {
    auto again = hooks.claim_due(10'000 * i, 60'000, 10);
    ASSERT_TRUE(again.is_ok());
    ASSERT_EQ(again->size(), 1u) << "round " << i;
    const bool last = i == 3;
    Result<bool> disabled = hooks.record_failure(
        first, {0, "connection refused", last ? std::nullopt : std::optional<int64_t>(10'000 * (i + 1)),
                10'000 * i, 3});
    ASSERT_TRUE(disabled.is_ok());
    EXPECT_EQ(*disabled, last);  // exactly once, at the third failure in a row
  }
  Result<Webhook> now = hooks.find(w->id);
  EXPECT_FALSE(now->enabled);
  EXPECT_EQ(now->disabled, WebhookDisabled::kByFailures);
  EXPECT_EQ(now->disabled_ms, 30'000);
  list = hooks.deliveries(w->id, 10);
  EXPECT_EQ(list->back().status, DeliveryStatus::kFailed);
  EXPECT_EQ(list->back().attempts, 4);
  EXPECT_EQ(list->back().finished_ms, 30'000);
  EXPECT_EQ(hooks.record_success(first + 999, 200, 1).code(), Code::kNotFound);

  // A disabled webhook gets no new deliveries and none are claimed for it.
  ASSERT_TRUE(storage_->tickets().create(ticket_spec("WH02-0003", 40'000)).is_ok());
  EXPECT_EQ(hooks.deliveries(w->id, 10)->size(), 2u);
  ASSERT_TRUE(hooks.set_enabled(w->id, true, 50'000).is_ok());
  EXPECT_EQ(hooks.find(w->id)->consecutive_failures, 0);

  Result<int64_t> pruned = hooks.prune_finished(30'000);
  ASSERT_TRUE(pruned.is_ok());
  EXPECT_EQ(*pruned, 1);  // the delivered one (finished at 2500)
  EXPECT_EQ(*hooks.prune_finished(30'001), 1);
  EXPECT_TRUE(hooks.deliveries(w->id, 10)->empty());
}

}  // namespace deskd::storage::conformance
