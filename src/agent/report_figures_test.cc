#include "agent/report_figures.h"

#include <gtest/gtest.h>

#include "agent/svg_chart.h"

namespace deskd::agent {
namespace {

constexpr int64_t kDay0 = 20'000;  // 2024-10-04
constexpr int64_t kHour = 3'600'000;

int64_t at(int64_t day, int64_t hours) {
  return (kDay0 + day) * kDayMs + hours * kHour;
}

TEST(Median, OddEvenAndEmpty) {
  EXPECT_EQ(median({}), std::nullopt);
  EXPECT_EQ(median({5}), 5);
  EXPECT_EQ(median({9, 1, 5}), 5);
  EXPECT_EQ(median({4, 1, 3, 2}), 2);  // (2 + 3) / 2 rounded down
}

TEST(ComputeReport, BucketsByUtcDayAndTakesMedians) {
  std::vector<storage::TicketTimes> tickets = {
      {1, at(0, 1), at(0, 2), at(1, 1)},          // first response 1 h, resolved after 24 h
      {2, at(0, 5), at(0, 8), std::nullopt},      // 3 h
      {3, at(2, 0), std::nullopt, std::nullopt},  // no response yet
      {4, at(5, 0), at(5, 1), std::nullopt},      // outside the 3 days: ignored
  };
  std::vector<int64_t> resolved = {at(1, 1), at(1, 2), at(-1, 0)};
  std::vector<int64_t> chats = {at(2, 3)};
  ReportFigures f = compute_report(kDay0, 3, tickets, resolved, chats, {4, 3});
  ASSERT_EQ(f.days.size(), 3u);
  EXPECT_EQ(f.days[0].day, kDay0);
  EXPECT_EQ(f.days[0].opened, 2);
  EXPECT_EQ(f.days[1].opened, 0);
  EXPECT_EQ(f.days[2].opened, 1);
  EXPECT_EQ(f.days[1].resolved, 2);
  EXPECT_EQ(f.days[2].chats_answered, 1);
  EXPECT_EQ(f.opened, 3);
  EXPECT_EQ(f.resolved, 2);
  EXPECT_EQ(f.chats_answered, 1);
  EXPECT_EQ(f.median_first_response_ms, 2 * kHour);  // of 1 h and 3 h
  EXPECT_EQ(f.median_resolution_ms, 24 * kHour);
  EXPECT_EQ(f.days[0].median_first_response_ms, 2 * kHour);
  EXPECT_EQ(f.days[2].median_first_response_ms, std::nullopt);
  EXPECT_EQ(f.deflection.deflected, 3);
}

TEST(ReportCsv, OneLinePerDayWithEmptyMedians) {
  ReportFigures f = compute_report(kDay0, 2, {{1, at(0, 0), at(0, 1), std::nullopt}}, {}, {}, {});
  EXPECT_EQ(report_csv(f),
            "date,opened,resolved,chats_answered,median_first_response_s,median_resolution_s,sla_breaches\r\n"
            "2024-10-04,1,0,0,3600,,0\r\n"
            "2024-10-05,0,0,0,,,0\r\n");
  add_sla_breaches(f, {at(0, 5), at(1, 2), at(1, 3), at(2, 0), at(-1, 0)});  // the last two outside
  EXPECT_EQ(f.sla_breaches, 3);
  EXPECT_EQ(f.days[0].sla_breaches, 1);
  EXPECT_EQ(f.days[1].sla_breaches, 2);
  EXPECT_NE(report_csv(f).find("2024-10-05,0,0,0,,,2\r\n"), std::string::npos);
  EXPECT_EQ(iso_day(0), "1970-01-01");
}

TEST(BarChartSvg, EscapesTextAndDrawsOneBarPerValue) {
  std::string svg = bar_chart_svg("Opened <&> \"x\"", {"a<b", "c"},
                                  {{"s<1>", "series-a\" onload=\"x", {3, 0}}, {"s2", "series-b", {1}}});
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_NE(svg.find("<title>Opened &lt;&amp;&gt; &quot;x&quot;</title>"), std::string::npos);
  EXPECT_EQ(svg.find("onload="), std::string::npos);  // only [a-z-] survive in a class
  EXPECT_NE(svg.find("class=\"series-aonloadx\""), std::string::npos);
  EXPECT_EQ(svg.find("a<b"), std::string::npos);
  EXPECT_NE(svg.find("a&lt;b — s&lt;1&gt;: 3"), std::string::npos);
  EXPECT_NE(svg.find("c — s2: 0"), std::string::npos);  // the short series reads as 0
  size_t bars = 0;
  for (size_t p = svg.find("<rect"); p != std::string::npos; p = svg.find("<rect", p + 1)) ++bars;
  EXPECT_EQ(bars, 4u + 2u);  // 2 labels x 2 series, plus 2 legend swatches
}

}  // namespace
}  // namespace deskd::agent
