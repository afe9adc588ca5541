#include "http/metrics.h"

#include <charconv>
#include <sstream>

namespace deskd::http {
namespace {

// Shortest text that reads back as the same double; the stream default (6
// significant digits) would turn a growing sum into 1.23457e+06.
std::string number(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string("NaN");
}

}  // namespace

void Metrics::observe(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{route, status}];
  ++latency_.count;
  latency_.sum += seconds;
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++latency_.buckets[i];
}

void Metrics::protocol_error(int status) {
  std::lock_guard lock(mu_);
  ++protocol_errors_[status];
}

void Metrics::add_gauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(mu_);
  gauges_[std::move(name)] = Gauge{std::move(help), std::move(read)};
}

void Metrics::add_counter(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(mu_);
  gauges_[std::move(name)] = Gauge{std::move(help), std::move(read), true};
}

std::string Metrics::render() const {
  std::ostringstream out;
  std::map<std::string, Gauge> gauges;
  {
    std::lock_guard lock(mu_);
    out << "# HELP deskd_http_requests_total HTTP requests by route and status.\n"
        << "# TYPE deskd_http_requests_total counter\n";
    for (const auto& [key, n] : requests_)
      out << "deskd_http_requests_total{route=\"" << key.first << "\",status=\"" << key.second << "\"} " << n << "\n";
    out << "# HELP deskd_http_protocol_errors_total Requests refused before routing (bad syntax, limits, timeouts).\n"
        << "# TYPE deskd_http_protocol_errors_total counter\n";
    for (const auto& [status, n] : protocol_errors_)
      out << "deskd_http_protocol_errors_total{status=\"" << status << "\"} " << n << "\n";
    out << "# HELP deskd_http_request_duration_seconds Time from request received to response ready.\n"
        << "# TYPE deskd_http_request_duration_seconds histogram\n";
    for (size_t i = 0; i < kBuckets.size(); ++i)
      out << "deskd_http_request_duration_seconds_bucket{le=\"" << kBuckets[i] << "\"} " << latency_.buckets[i] << "\n";
    out << "deskd_http_request_duration_seconds_bucket{le=\"+Inf\"} " << latency_.count << "\n"
        << "deskd_http_request_duration_seconds_sum " << number(latency_.sum) << "\n"
        << "deskd_http_request_duration_seconds_count " << latency_.count << "\n";
    gauges = gauges_;
  }
  out << "# HELP deskd_http_connections Open client connections.\n# TYPE deskd_http_connections gauge\n"
      << "deskd_http_connections " << connections_.load() << "\n"
      << "# HELP deskd_http_requests_in_flight Requests read and not yet answered (what a graceful stop drains).\n"
      << "# TYPE deskd_http_requests_in_flight gauge\n"
      << "deskd_http_requests_in_flight " << in_flight_.load() << "\n"
      << "# HELP deskd_http_connections_refused_total Connections closed at accept, by reason (per_ip: the address "
         "is at its cap; capacity: no free slot).\n"
      << "# TYPE deskd_http_connections_refused_total counter\n"
      << "deskd_http_connections_refused_total{reason=\"per_ip\"} " << refused_per_ip_.load() << "\n"
      << "deskd_http_connections_refused_total{reason=\"capacity\"} " << refused_capacity_.load() << "\n"
      << "# HELP deskd_http_idle_connections_closed_total Idle connections closed early to make room under "
         "connection pressure.\n"
      << "# TYPE deskd_http_idle_connections_closed_total counter\n"
      << "deskd_http_idle_connections_closed_total " << idle_closed_.load() << "\n"
      << "# HELP deskd_http_streamed_responses_cut_total Streamed response bodies ended by closing the connection "
         "(source: the body could not be read; client: the client went away).\n"
      << "# TYPE deskd_http_streamed_responses_cut_total counter\n"
      << "deskd_http_streamed_responses_cut_total{cause=\"source\"} " << streams_failed_.load() << "\n"
      << "deskd_http_streamed_responses_cut_total{cause=\"client\"} " << streams_abandoned_.load() << "\n";
  for (const auto& [name, g] : gauges)
    out << "# HELP " << name << " " << g.help << "\n# TYPE " << name << (g.counter ? " counter\n" : " gauge\n") << name
        << " " << number(g.read()) << "\n";
  return out.str();
}

}  // namespace deskd::http
