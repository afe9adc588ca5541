#include "messenger/hub.h"

#include <gtest/gtest.h>

#include <chrono>

#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

namespace deskd::messenger {
namespace {

using nlohmann::json;

// Records what would go out on the socket.
class FakeConnection final : public http::WsConnection {
 public:
  explicit FakeConnection(uint64_t id) : id_(id) {}
  bool send(std::string text) override {
    std::lock_guard lock(mu_);
    sent_.push_back(std::move(text));
    return true;
  }
  void close(uint16_t, std::string) override {}
  uint64_t id() const override { return id_; }
  bool open() const override { return true; }
  std::vector<json> frames() {
    std::lock_guard lock(mu_);
    std::vector<json> out;
    for (const auto& s : sent_) out.push_back(json::parse(s));
    return out;
  }
  std::vector<std::string> texts() {
    std::lock_guard lock(mu_);
    return sent_;
  }
  void clear() {
    std::lock_guard lock(mu_);
    sent_.clear();
  }

 private:
  uint64_t id_;
  std::mutex mu_;
  std::vector<std::string> sent_;
};

// Counts what crosses the seam, then delivers locally.
class CountingPubSub final : public PubSub {
 public:
  void publish(const Event& e) override {
    ++published;
    inner.publish(e);
  }
  void subscribe(Listener l) override { inner.subscribe(std::move(l)); }
  LocalPubSub inner;
  int published = 0;
};

TEST(ChatHubTest, DeliversToTheVisitorsOwnSocketsOnly) {
  LocalPubSub pubsub;
  ChatHub hub(pubsub);
  auto a1 = std::make_shared<FakeConnection>(1);
  auto a2 = std::make_shared<FakeConnection>(2);
  auto b = std::make_shared<FakeConnection>(3);
  hub.add_visitor("visitorA", a1);
  hub.add_visitor("visitorA", a2);
  hub.add_visitor("visitorB", b);
  hub.to_visitor("visitorA", "{\"type\":\"message\"}");
  EXPECT_EQ(a1->texts(), std::vector<std::string>{"{\"type\":\"message\"}"});
  EXPECT_EQ(a2->texts().size(), 1u);
  EXPECT_TRUE(b->texts().empty());
  hub.remove_visitor("visitorA", 1);
  hub.to_visitor("visitorA", "{\"n\":2}");
  EXPECT_EQ(a1->texts().size(), 1u);
  EXPECT_EQ(a2->texts().size(), 2u);
  EXPECT_EQ(hub.visitor_sockets(), 2u);
}

TEST(ChatHubTest, AgentPresenceDrivesAgentsOnlineAndTheRoster) {
  LocalPubSub pubsub;
  ChatHub hub(pubsub);
  auto visitor = std::make_shared<FakeConnection>(1);
  hub.add_visitor("v", visitor);
  EXPECT_FALSE(hub.agents_online());

  auto agent = std::make_shared<FakeConnection>(2);
  hub.add_agent(7, "Alice", agent);
  EXPECT_TRUE(hub.agents_online());
  EXPECT_TRUE(hub.agent_online(7));
  EXPECT_EQ(visitor->frames(), std::vector<json>{json::parse(R"({"type":"agents","online":true})")});
  EXPECT_EQ(agent->frames().back(),
            json::parse(R"({"type":"roster","agents":[{"id":7,"name":"Alice","status":"online"}]})"));

  visitor->clear();
  hub.set_presence(7, Presence::kAway);
  EXPECT_FALSE(hub.agents_online());
  EXPECT_FALSE(hub.agent_online(7));
  EXPECT_EQ(visitor->frames(), std::vector<json>{json::parse(R"({"type":"agents","online":false})")});
  EXPECT_EQ(agent->frames().back()["agents"][0]["status"], "away");

  // A second agent coming online flips visitors back; a second socket of the
  // same agent changes nothing for them.
  visitor->clear();
  auto bob = std::make_shared<FakeConnection>(3);
  hub.add_agent(8, "Bob", bob);
  hub.add_agent(8, "Bob", std::make_shared<FakeConnection>(4));
  EXPECT_EQ(visitor->frames().size(), 1u);
  EXPECT_EQ(hub.agent_sockets(), 3u);
  hub.remove_agent(8, 3);
  EXPECT_TRUE(hub.agent_online(8));
  hub.remove_agent(8, 4);
  EXPECT_FALSE(hub.agents_online());
  EXPECT_EQ(visitor->frames().back()["online"], false);
}

// Several nodes: an agent online on another node counts here, each node tells
// its own visitors, and a node that stops reporting is forgotten.
TEST(ChatHubTest, AgentsOnOtherNodesCountUntilTheirReportExpires) {
  LocalPubSub pubsub;
  ChatHub hub(pubsub);
  std::vector<std::vector<int64_t>> reported;
  hub.set_presence_listener([&](const std::vector<int64_t>& ids) { reported.push_back(ids); });
  auto visitor = std::make_shared<FakeConnection>(1);
  hub.add_visitor("v", visitor);
  const auto now = std::chrono::steady_clock::now();

  hub.set_remote_online("node-b", {42}, now + std::chrono::seconds(6));
  EXPECT_TRUE(hub.agents_online());
  EXPECT_TRUE(hub.agent_online(42));
  EXPECT_FALSE(hub.agent_online(7));
  EXPECT_EQ(visitor->frames(), std::vector<json>{json::parse(R"({"type":"agents","online":true})")});
  hub.set_remote_online("node-b", {42}, now + std::chrono::seconds(6));  // a heartbeat: no new frame
  EXPECT_EQ(visitor->frames().size(), 1u);

  // A local agent joins and leaves: the remote one keeps visitors served.
  auto alice = std::make_shared<FakeConnection>(2);
  hub.add_agent(7, "Alice", alice);
  EXPECT_EQ(reported.back(), std::vector<int64_t>{7});
  hub.remove_agent(7, 2);
  EXPECT_TRUE(reported.back().empty());
  EXPECT_EQ(visitor->frames().size(), 1u) << "still online through node-b";

  hub.prune_remote(now + std::chrono::seconds(7));  // node-b stopped reporting
  EXPECT_FALSE(hub.agents_online());
  EXPECT_FALSE(hub.agent_online(42));
  EXPECT_EQ(visitor->frames().back(), json::parse(R"({"type":"agents","online":false})"));
}

TEST(ChatHubTest, AgentTargetsAndBroadcasts) {
  LocalPubSub pubsub;
  ChatHub hub(pubsub);
  auto alice = std::make_shared<FakeConnection>(1);
  auto bob = std::make_shared<FakeConnection>(2);
  auto visitor = std::make_shared<FakeConnection>(3);
  hub.add_agent(1, "Alice", alice);
  hub.add_agent(2, "Bob", bob);
  hub.add_visitor("v", visitor);
  alice->clear();
  bob->clear();
  visitor->clear();
  hub.to_agent(2, "only-bob");
  EXPECT_TRUE(alice->texts().empty());
  EXPECT_EQ(bob->texts(), std::vector<std::string>{"only-bob"});
  hub.to_agents("all-agents");
  EXPECT_EQ(alice->texts(), std::vector<std::string>{"all-agents"});
  EXPECT_TRUE(visitor->texts().empty());
  hub.to_visitors("all-visitors");
  EXPECT_EQ(visitor->texts(), std::vector<std::string>{"all-visitors"});
  // Events with a malformed agent key reach nobody.
  hub.deliver({Event::Target::kAgent, "2x", "nope"});
  EXPECT_EQ(bob->texts().size(), 2u);
}

TEST(ChatHubTest, EveryFanOutCrossesThePubSubSeam) {
  CountingPubSub pubsub;
  ChatHub hub(pubsub);
  auto v = std::make_shared<FakeConnection>(1);
  hub.add_visitor("v", v);
  pubsub.published = 0;
  hub.to_visitor("v", "x");
  hub.to_agent(1, "y");
  hub.to_agents("z");
  EXPECT_EQ(pubsub.published, 3);
  // An event published by another node (straight into the PubSub) is delivered here.
  pubsub.inner.publish({Event::Target::kVisitor, "v", "from-elsewhere"});
  EXPECT_EQ(v->texts().back(), "from-elsewhere");
}

TEST(ChatHubTest, ConcurrentJoinsLeavesAndFanOutAreSafe) {
  LocalPubSub pubsub;
  ChatHub hub(pubsub);
  auto watcher = std::make_shared<FakeConnection>(999999);
  hub.add_visitor("watched", watcher);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const uint64_t id = static_cast<uint64_t>(t * 1000 + i);
        auto c = std::make_shared<FakeConnection>(id);
        hub.add_visitor("v" + std::to_string(t), c);
        hub.add_agent(t + 1, "agent", c);
        hub.to_visitor("watched", "ping");
        hub.remove_agent(t + 1, id);
        hub.remove_visitor("v" + std::to_string(t), id);
      }
    });
  }
  for (auto& th : threads) th.join();
  size_t pings = 0;
  for (const auto& s : watcher->texts())
    if (s == "ping") ++pings;
  EXPECT_EQ(pings, 800u);
  EXPECT_EQ(hub.visitor_sockets(), 1u);
  EXPECT_EQ(hub.agent_sockets(), 0u);
}

}  // namespace
}  // namespace deskd::messenger
