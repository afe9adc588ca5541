#include "http/metrics.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace deskd::http {
namespace {

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

TEST(MetricsTest, EmptyRenderHasHistogramAndConnections) {
  Metrics m;
  const std::string text = m.render();
  EXPECT_TRUE(has_line(text, "# TYPE deskd_http_requests_total counter")) << text;
  EXPECT_TRUE(has_line(text, "# TYPE deskd_http_request_duration_seconds histogram")) << text;
  EXPECT_TRUE(has_line(text, "deskd_http_request_duration_seconds_bucket{le=\"+Inf\"} 0")) << text;
  EXPECT_TRUE(has_line(text, "deskd_http_request_duration_seconds_count 0")) << text;
  EXPECT_TRUE(has_line(text, "deskd_http_request_duration_seconds_sum 0")) << text;
  EXPECT_TRUE(has_line(text, "deskd_http_connections 0")) << text;
  EXPECT_EQ(text.find("deskd_http_requests_total{"), std::string::npos) << text;
}

TEST(MetricsTest, CountsRequestsByRouteAndStatus) {
  Metrics m;
  m.observe("/kb/articles/{id}", 200, 0.003);
  m.observe("/kb/articles/{id}", 200, 0.2);
  m.observe("/kb/articles/{id}", 404, 0.001);
  m.observe("/login", 303, 0.05);
  const std::string text = m.render();
  EXPECT_TRUE(has_line(text, "deskd_http_requests_total{route=\"/kb/articles/{id}\",status=\"200\"} 2")) << text;
  EXPECT_TRUE(has_line(text, "deskd_http_requests_total{route=\"/kb/articles/{id}\",status=\"404\"} 1")) << text;
  EXPECT_TRUE(has_line(text, "deskd_http_requests_total{route=\"/login\",status=\"303\"} 1")) << text;
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  Metrics m;
  m.observe("/", 200, 0.0004);  // first bucket
  m.observe("/", 200, 0.003);   // 0.005
  m.observe("/", 200, 0.005);   // exactly on a bound: counts in it
  m.observe("/", 200, 0.2);     // 0.25
  m.observe("/", 200, 7.0);     // only +Inf
  const std::string text = m.render();
  const std::pair<const char*, int> expected[] = {
      {"0.0005", 1}, {"0.001", 1}, {"0.0025", 1}, {"0.005", 3}, {"0.01", 3}, {"0.025", 3},
      {"0.05", 3},   {"0.1", 3},   {"0.25", 4},   {"0.5", 4},   {"1", 4},    {"2.5", 4},
  };
  for (const auto& [le, n] : expected) {
    const std::string line =
        "deskd_http_request_duration_seconds_bucket{le=\"" + std::string(le) + "\"} " + std::to_string(n);
    EXPECT_TRUE(has_line(text, line)) << line << "\n" << text;
  }
  EXPECT_TRUE(has_line(text, "deskd_http_request_duration_seconds_bucket{le=\"+Inf\"} 5")) << text;
  EXPECT_TRUE(has_line(text, "deskd_http_request_duration_seconds_count 5")) << text;
  EXPECT_TRUE(has_line(text, "deskd_http_request_duration_seconds_sum 7.2084")) << text;
}

TEST(MetricsTest, LargeSumKeepsItsPrecision) {
  Metrics m;
  m.observe("/", 200, 1234567.891);
  const std::string text = m.render();
  EXPECT_TRUE(has_line(text, "deskd_http_request_duration_seconds_sum 1234567.891")) << text;
}

TEST(MetricsTest, RefusedAndReapedConnections) {
  Metrics m;
  std::string text = m.render();
  EXPECT_TRUE(has_line(text, "# TYPE deskd_http_connections_refused_total counter")) << text;
  EXPECT_TRUE(has_line(text, "deskd_http_connections_refused_total{reason=\"per_ip\"} 0")) << text;
  EXPECT_TRUE(has_line(text, "deskd_http_idle_connections_closed_total 0")) << text;
  m.connection_refused_per_ip();
  m.connection_refused_per_ip();
  m.connection_refused_capacity();
  m.idle_connections_closed(3);
  text = m.render();
  EXPECT_TRUE(has_line(text, "deskd_http_connections_refused_total{reason=\"per_ip\"} 2")) << text;
  EXPECT_TRUE(has_line(text, "deskd_http_connections_refused_total{reason=\"capacity\"} 1")) << text;
  EXPECT_TRUE(has_line(text, "deskd_http_idle_connections_closed_total 3")) << text;
}

TEST(MetricsTest, ProtocolErrorsByStatus) {
  Metrics m;
  m.protocol_error(431);
  m.protocol_error(431);
  m.protocol_error(408);
  const std::string text = m.render();
  EXPECT_TRUE(has_line(text, "# TYPE deskd_http_protocol_errors_total counter")) << text;
  EXPECT_TRUE(has_line(text, "deskd_http_protocol_errors_total{status=\"431\"} 2")) << text;
  EXPECT_TRUE(has_line(text, "deskd_http_protocol_errors_total{status=\"408\"} 1")) << text;
}

TEST(MetricsTest, ConnectionGauge) {
  Metrics m;
  m.connection_opened();
  m.connection_opened();
  m.connection_opened();
  m.connection_closed();
  const std::string text = m.render();
  EXPECT_TRUE(has_line(text, "# TYPE deskd_http_connections gauge")) << text;
  EXPECT_TRUE(has_line(text, "deskd_http_connections 2")) << text;
}

TEST(MetricsTest, RequestsInFlightGauge) {
  Metrics m;
  EXPECT_TRUE(has_line(m.render(), "deskd_http_requests_in_flight 0"));
  m.request_started();
  m.request_started();
  m.request_finished();
  const std::string text = m.render();
  EXPECT_TRUE(has_line(text, "# TYPE deskd_http_requests_in_flight gauge")) << text;
  EXPECT_TRUE(has_line(text, "deskd_http_requests_in_flight 1")) << text;
}

TEST(MetricsTest, ExtraGaugesAreReadAtRenderTime) {
  Metrics m;
  double active = 3;
  m.add_gauge("deskd_sessions_active", "Sessions in the cache.", [&] { return active; });
  m.add_gauge("deskd_big", "A big value.", [] { return 12345678.0; });
  EXPECT_TRUE(has_line(m.render(), "deskd_sessions_active 3"));
  active = 41;
  const std::string text = m.render();
  EXPECT_TRUE(has_line(text, "# HELP deskd_sessions_active Sessions in the cache.")) << text;
  EXPECT_TRUE(has_line(text, "# TYPE deskd_sessions_active gauge")) << text;
  EXPECT_TRUE(has_line(text, "deskd_sessions_active 41")) << text;
  EXPECT_TRUE(has_line(text, "deskd_big 12345678")) << text;
}

TEST(MetricsTest, ExtraCountersAreTypedAsCounters) {
  Metrics m;
  m.add_counter("deskd_rate_limit_tickets_refused_total", "Refused.", [] { return 7.0; });
  const std::string text = m.render();
  EXPECT_TRUE(has_line(text, "# TYPE deskd_rate_limit_tickets_refused_total counter")) << text;
  EXPECT_TRUE(has_line(text, "deskd_rate_limit_tickets_refused_total 7")) << text;
}

TEST(MetricsTest, ConcurrentObserversAreAllCounted) {
  Metrics m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) m.observe("/", 200, 0.001);
    });
  for (auto& t : threads) t.join();
  const std::string text = m.render();
  EXPECT_TRUE(has_line(text, "deskd_http_requests_total{route=\"/\",status=\"200\"} 4000")) << text;
  EXPECT_TRUE(has_line(text, "deskd_http_request_duration_seconds_count 4000")) << text;
}

}  // namespace
}  // namespace deskd::http
