#include "messenger/ticket_presence.h"

#include <gtest/gtest.h>

#include <mutex>
#include <nlohmann/json.hpp>

namespace deskd::messenger {
namespace {

using nlohmann::json;

class Sink final : public http::WsConnection {
 public:
  explicit Sink(uint64_t id) : id_(id) {}
  bool send(std::string text) override {
    std::lock_guard lock(mu_);
    sent_.push_back(json::parse(text));
    return true;
  }
  void close(uint16_t, std::string) override {}
  uint64_t id() const override { return id_; }
  bool open() const override { return true; }
  json last() {
    std::lock_guard lock(mu_);
    return sent_.empty() ? json() : sent_.back();
  }
  size_t count() {
    std::lock_guard lock(mu_);
    return sent_.size();
  }

 private:
  uint64_t id_;
  std::mutex mu_;
  std::vector<json> sent_;
};

TEST(TicketPresence, ViewersSeeEachOtherAndTyping) {
  TicketPresence p;
  auto a = std::make_shared<Sink>(1);
  auto b = std::make_shared<Sink>(2);
  p.view("AAAA-1111", a, 10, "Ann");
  EXPECT_EQ(a->last(), json::parse(R"({"type":"ticket_presence","ref":"AAAA-1111",
                                       "agents":[{"id":10,"name":"Ann","typing":false}]})"));
  p.view("AAAA-1111", b, 20, "Bo");
  const json both = json::parse(R"({"type":"ticket_presence","ref":"AAAA-1111",
      "agents":[{"id":10,"name":"Ann","typing":false},{"id":20,"name":"Bo","typing":false}]})");
  EXPECT_EQ(a->last(), both);
  EXPECT_EQ(b->last(), both);
  p.typing("AAAA-1111", 2, true);
  EXPECT_EQ(a->last()["agents"][1]["typing"], true);
  const size_t before = a->count();
  p.typing("AAAA-1111", 2, true);  // no change: nothing sent
  p.typing("BBBB-2222", 2, true);  // not viewing it: ignored
  EXPECT_EQ(a->count(), before);
  p.leave_all(2);
  EXPECT_EQ(a->last()["agents"].size(), 1u);
  EXPECT_TRUE(p.viewers("BBBB-2222").empty());
}

TEST(TicketPresence, OneAgentInTwoTabsIsListedOnceAndOtherTicketsAreNotTold) {
  TicketPresence p;
  auto a1 = std::make_shared<Sink>(1);
  auto a2 = std::make_shared<Sink>(2);
  auto other = std::make_shared<Sink>(3);
  p.view("CCCC-3333", other, 30, "Cy");
  const size_t other_before = other->count();
  p.view("AAAA-1111", a1, 10, "Ann");
  p.view("AAAA-1111", a2, 10, "Ann");
  p.typing("AAAA-1111", 2, true);
  auto viewers = p.viewers("AAAA-1111");
  ASSERT_EQ(viewers.size(), 1u);
  EXPECT_TRUE(viewers[0].typing);
  EXPECT_EQ(other->count(), other_before);
  p.leave("AAAA-1111", 2);
  viewers = p.viewers("AAAA-1111");
  ASSERT_EQ(viewers.size(), 1u);
  EXPECT_FALSE(viewers[0].typing);
}

TEST(TicketPresence, ASocketViewsAFewTicketsAtMost) {
  TicketPresence p;
  auto a = std::make_shared<Sink>(1);
  for (int i = 0; i < 10; ++i) p.view("T-" + std::to_string(i), a, 10, "Ann");
  EXPECT_TRUE(p.viewers("T-0").empty());
  EXPECT_EQ(p.viewers("T-9").size(), 1u);
  size_t viewed = 0;
  for (int i = 0; i < 10; ++i) viewed += p.viewers("T-" + std::to_string(i)).size();
  EXPECT_EQ(viewed, kMaxTicketsPerSocket);
}

TEST(TicketPresence, PlausibleRefs) {
  EXPECT_TRUE(plausible_ticket_ref("K7QX-4P2M"));
  EXPECT_FALSE(plausible_ticket_ref(""));
  EXPECT_FALSE(plausible_ticket_ref("k7qx"));
  EXPECT_FALSE(plausible_ticket_ref("A\"B"));
  EXPECT_FALSE(plausible_ticket_ref(std::string(33, 'A')));
}

}  // namespace
}  // namespace deskd::messenger
