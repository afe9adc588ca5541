#include "http/connection_table.h"

#include <gtest/gtest.h>

namespace deskd::http {
namespace {

using Clock = ConnectionTable::Clock;
using std::chrono::milliseconds;
using std::chrono::seconds;
using Slot = ConnectionTable::Slot;
using Refusal = ConnectionTable::Refusal;

ConnectionTable::Options options(size_t max, size_t per_ip, std::vector<std::string> uncapped = {}) {
  ConnectionTable::Options o;
  o.max_connections = max;
  o.max_per_ip = per_ip;
  o.pressure_idle_timeout = seconds(5);
  o.uncapped_peers = std::move(uncapped);
  return o;
}

struct Fixture {
  explicit Fixture(ConnectionTable::Options o) : table(std::move(o)) {}
  // Admits a connection; it starts waiting for its first request head.
  std::shared_ptr<Slot> open(const std::string& peer, ConnectionTable::Admission* out = nullptr) {
    auto slot = std::make_shared<Slot>();
    auto admission = table.admit(slot, peer, now);
    if (out) *out = admission;
    if (admission.refusal != Refusal::kNone) return nullptr;
    table.start_waiting(slot, now);
    slots.push_back(slot);
    return slot;
  }
  ConnectionTable table;
  Clock::time_point now = Clock::time_point() + seconds(1000);
  std::vector<std::shared_ptr<Slot>> slots;
};

TEST(ConnectionTableTest, PerIpCapRefusesOnlyThatPeer) {
  Fixture f(options(100, 3));
  for (int i = 0; i < 3; ++i) ASSERT_NE(f.open("10.0.0.1"), nullptr);
  ConnectionTable::Admission a;
  EXPECT_EQ(f.open("10.0.0.1", &a), nullptr);
  EXPECT_EQ(a.refusal, Refusal::kPerIp);
  EXPECT_TRUE(a.evict.empty()) << "an over-cap peer must not disturb others";
  EXPECT_NE(f.open("10.0.0.2"), nullptr);
  f.table.release(*f.slots[0]);
  EXPECT_NE(f.open("10.0.0.1"), nullptr) << "a closed connection frees its peer's slot";
  EXPECT_EQ(f.table.open(), 4u);
}

TEST(ConnectionTableTest, TrustedProxiesAreNotCappedPerIp) {
  Fixture f(options(100, 2, {"10.0.0.9"}));
  for (int i = 0; i < 10; ++i) ASSERT_NE(f.open("10.0.0.9"), nullptr) << i;
  ASSERT_NE(f.open("10.0.0.1"), nullptr);
  ASSERT_NE(f.open("10.0.0.1"), nullptr);
  EXPECT_EQ(f.open("10.0.0.1"), nullptr);
}

TEST(ConnectionTableTest, AtTheCapTheOldestWaitingConnectionMakesRoom) {
  Fixture f(options(4, 100));
  for (int i = 0; i < 4; ++i) {
    ASSERT_NE(f.open("10.0.0." + std::to_string(i)), nullptr);
    f.now += milliseconds(10);
  }
  ConnectionTable::Admission a;
  ASSERT_NE(f.open("10.0.0.50", &a), nullptr);
  EXPECT_EQ(a.refusal, Refusal::kNone);
  ASSERT_EQ(a.evict.size(), 1u);
  EXPECT_EQ(a.evict[0], f.slots[0]);
  EXPECT_FALSE(f.table.stop_waiting(*f.slots[0])) << "an evicted connection learns it must close";
  // The evicted one is still open until it releases, but no longer counts as live.
  EXPECT_EQ(f.table.open(), 5u);
  f.table.release(*f.slots[0]);
  EXPECT_EQ(f.table.open(), 4u);
}

TEST(ConnectionTableTest, BusyConnectionsAreNeverEvicted) {
  Fixture f(options(2, 100));
  auto a = f.open("10.0.0.1");
  auto b = f.open("10.0.0.2");
  EXPECT_TRUE(f.table.stop_waiting(*a));
  EXPECT_TRUE(f.table.stop_waiting(*b));
  ConnectionTable::Admission adm;
  EXPECT_EQ(f.open("10.0.0.3", &adm), nullptr);
  EXPECT_EQ(adm.refusal, Refusal::kCapacity);
  EXPECT_TRUE(adm.evict.empty());
  // b goes back to waiting: now it can make room.
  f.table.start_waiting(b, f.now);
  EXPECT_NE(f.open("10.0.0.3", &adm), nullptr);
  ASSERT_EQ(adm.evict.size(), 1u);
  EXPECT_EQ(adm.evict[0], b);
}

TEST(ConnectionTableTest, UnderPressureLongWaitingConnectionsAreEvicted) {
  Fixture f(options(8, 100));  // pressure above 6 live connections
  for (int i = 0; i < 5; ++i) ASSERT_NE(f.open("10.0.0.1"), nullptr);
  EXPECT_FALSE(f.table.under_pressure());
  f.now += seconds(6);  // the first five have waited longer than the pressure timeout
  ConnectionTable::Admission a;
  ASSERT_NE(f.open("10.0.0.2", &a), nullptr);  // 6th: not yet over 3/4
  EXPECT_TRUE(a.evict.empty());
  ASSERT_NE(f.open("10.0.0.2", &a), nullptr);  // 7th would be over 3/4: the five old ones go
  EXPECT_EQ(a.evict.size(), 5u);
  for (size_t i = 0; i < a.evict.size(); ++i) EXPECT_EQ(a.evict[i], f.slots[i]);
  EXPECT_FALSE(f.table.under_pressure());
}

TEST(ConnectionTableTest, StartWaitingReportsPressure) {
  Fixture f(options(4, 100));  // pressure above 3
  for (int i = 0; i < 3; ++i) ASSERT_NE(f.open("10.0.0.1"), nullptr);
  EXPECT_FALSE(f.table.start_waiting(f.slots[0], f.now));
  ASSERT_NE(f.open("10.0.0.1"), nullptr);
  EXPECT_TRUE(f.table.start_waiting(f.slots[0], f.now));
}

TEST(ConnectionTableTest, ReleaseIsIdempotentAndWaitingIsListedForStop) {
  Fixture f(options(10, 10));
  auto a = f.open("10.0.0.1");
  auto b = f.open("10.0.0.1");
  f.table.stop_waiting(*b);
  auto waiting = f.table.waiting();
  ASSERT_EQ(waiting.size(), 1u);
  EXPECT_EQ(waiting[0], a);
  f.table.release(*a);
  f.table.release(*a);
  EXPECT_EQ(f.table.open(), 1u);
  EXPECT_TRUE(f.table.waiting().empty());
}

TEST(LogThrottleTest, LogsFirstEventThenOncePerInterval) {
  LogThrottle t(seconds(10));
  const auto t0 = Clock::time_point() + seconds(100);
  EXPECT_EQ(t.note(t0), 1u);
  EXPECT_EQ(t.note(t0 + seconds(1)), std::nullopt);
  EXPECT_EQ(t.note(t0 + seconds(2), 5), std::nullopt);
  EXPECT_EQ(t.note(t0 + seconds(10)), 7u);
  EXPECT_EQ(t.note(t0 + seconds(11)), std::nullopt);
}

}  // namespace
}  // namespace deskd::http
