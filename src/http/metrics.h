#pragma once
// Process-wide request metrics rendered in the Prometheus text format.
// Thread-safe: every method may be called from any thread.
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace deskd::http {

class Metrics {
 public:
  // One finished request: route pattern (not the raw path, to bound cardinality).
  void observe(const std::string& route, int status, double seconds);
  void connection_opened() { ++connections_; }
  void connection_closed() { --connections_; }
  // A request read in full and handed to the application, until its answer is
  // written (or the connection failed): what a graceful stop drains.
  void request_started() { ++in_flight_; }
  void request_finished() { --in_flight_; }
  void protocol_error(int status);  // 400/408/413/431 answered by the connection layer
  // A connection closed at accept: its address is at limits.max_connections_per_ip.
  void connection_refused_per_ip() { ++refused_per_ip_; }
  // A connection closed at accept: every slot busy (limits.max_connections).
  void connection_refused_capacity() { ++refused_capacity_; }
  // Idle (waiting) connections closed early to make room under connection pressure.
  void idle_connections_closed(uint64_t n) { idle_closed_ += n; }
  // A streamed response body cut by closing the connection: its source failed
  // or ended short (stream_failed), or the client went away (stream_abandoned).
  void stream_failed() { ++streams_failed_; }
  void stream_abandoned() { ++streams_abandoned_; }
  // Extra gauges supplied by other modules (e.g. active sessions), read at render time.
  void add_gauge(std::string name, std::string help, std::function<double()> read);
  // Like add_gauge for a value that only grows (e.g. refusals since start): TYPE counter.
  void add_counter(std::string name, std::string help, std::function<double()> read);
  std::string render() const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  struct Gauge {
    std::string help;
    std::function<double()> read;
    bool counter = false;
  };
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  std::map<int, uint64_t> protocol_errors_;
  Histogram latency_;
  std::map<std::string, Gauge> gauges_;
  std::atomic<int64_t> connections_{0};
  std::atomic<int64_t> in_flight_{0};
  std::atomic<uint64_t> refused_per_ip_{0};
  std::atomic<uint64_t> refused_capacity_{0};
  std::atomic<uint64_t> idle_closed_{0};
  std::atomic<uint64_t> streams_failed_{0};
  std::atomic<uint64_t> streams_abandoned_{0};
};

}  // namespace deskd::http
