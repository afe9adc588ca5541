#include "core/degraded.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

namespace deskd {
namespace {

// Counters are process-wide: tests compare before and after.

TEST(DegradedTest, NamesAreDistinctSnakeCase) {
  std::set<std::string_view> names;
  for (size_t i = 0; i < kDegradedKinds; ++i) {
    const std::string_view name = degraded_name(static_cast<Degraded>(i));
    EXPECT_TRUE(names.insert(name).second) << name;
    EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_"), std::string_view::npos) << name;
  }
  EXPECT_EQ(degraded_name(Degraded::kRememberRevokeFailed), "remember_revoke_failed");
  EXPECT_EQ(degraded_name(Degraded::kWsSendQueueFull), "ws_send_queue_full");
}

TEST(DegradedTest, CountsAddUp) {
  const uint64_t before = degraded_count(Degraded::kMailGivenUp);
  count_degraded(Degraded::kMailGivenUp);
  count_degraded(Degraded::kMailGivenUp, 4);
  EXPECT_EQ(degraded_count(Degraded::kMailGivenUp), before + 5);
}

TEST(DegradedTest, CountsFromManyThreads) {
  const uint64_t before = degraded_count(Degraded::kWsSendQueueFull);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([] {
      for (int i = 0; i < 1000; ++i) count_degraded(Degraded::kWsSendQueueFull);
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(degraded_count(Degraded::kWsSendQueueFull), before + 4000);
}

TEST(DegradedTest, OkOrDegradedCountsOnlyFailures) {
  const uint64_t before = degraded_count(Degraded::kRememberRevokeFailed);
  EXPECT_TRUE(ok_or_degraded(Degraded::kRememberRevokeFailed, Status::ok(), "revoking"));
  EXPECT_EQ(degraded_count(Degraded::kRememberRevokeFailed), before);
  EXPECT_FALSE(ok_or_degraded(Degraded::kRememberRevokeFailed, unavailable("database is locked"), "revoking"));
  EXPECT_EQ(degraded_count(Degraded::kRememberRevokeFailed), before + 1);
}

TEST(DegradedTest, RendersEveryCounterAsOnePrometheusFamily) {
  count_degraded(Degraded::kPageViewsDropped, 7);
  const std::string text = render_degraded_metrics();
  EXPECT_EQ(text.find("# HELP deskd_degraded_total "), 0u);
  EXPECT_NE(text.find("\n# TYPE deskd_degraded_total counter\n"), std::string::npos);
  for (size_t i = 0; i < kDegradedKinds; ++i) {
    const auto what = static_cast<Degraded>(i);
    const std::string line = "deskd_degraded_total{what=\"" + std::string(degraded_name(what)) + "\"} " +
                             std::to_string(degraded_count(what)) + "\n";
    EXPECT_NE(text.find(line), std::string::npos) << line;
  }
  EXPECT_GE(degraded_count(Degraded::kPageViewsDropped), 7u);
}

}  // namespace
}  // namespace deskd
