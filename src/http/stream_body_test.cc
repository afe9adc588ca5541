// Streamed response bodies (Response::stream) through the real Server over a
// real socket: framing with and without a known length, pieces bounded in
// size, and the failure cases a client must be able to tell from success — a
// source that fails or ends short, and a client that goes away.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "http/asio.h"
#include "http/server.h"
#include "http/spool_file.h"

namespace deskd::http {
namespace {

std::string pattern(size_t n) {
  std::string out(n, '\0');
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<char>('a' + (i * 7 + i / 1000) % 26);
  return out;
}

// Serves `data` in reads of at most `step` bytes; optionally fails after
// `fail_after` bytes or ends there (short), or never ends (endless).
struct TestSource final : BodySource {
  std::string data;
  bool known_length = true;
  size_t step = 10'000;
  size_t fail_after = std::string::npos;
  bool end_short = false;
  bool endless = false;
  size_t offset = 0;
  std::atomic<size_t>* largest_read = nullptr;
  std::atomic<int>* reads = nullptr;
  std::atomic<bool>* destroyed = nullptr;
  std::atomic<std::thread::id>* reader_thread = nullptr;

  ~TestSource() override {
    if (destroyed) *destroyed = true;
  }
  std::optional<uint64_t> length() const override {
    return known_length ? std::optional<uint64_t>(data.size()) : std::nullopt;
  }
  Result<size_t> read(char* out, size_t capacity) override {
    if (reads) ++*reads;
    if (reader_thread) *reader_thread = std::this_thread::get_id();
    if (largest_read && capacity > *largest_read) *largest_read = capacity;
    if (offset >= fail_after) {
      if (end_short) return size_t{0};
      return unavailable("disk on fire");
    }
    if (endless) {
      const size_t n = std::min(capacity, step);
      std::memset(out, 'x', n);
      return n;
    }
    size_t n = std::min({capacity, step, data.size() - offset});
    if (fail_after != std::string::npos) n = std::min(n, fail_after - offset);
    std::memcpy(out, data.data() + offset, n);
    offset += n;
    return n;
  }
};

class StreamBodyTest : public ::testing::Test {
 protected:
  void start(std::function<Response(const Request&)> answer) {
    answer_ = std::move(answer);
    ServerOptions o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.limits.write_timeout_s = 5;
    server_ = std::make_unique<Server>(
        o, [this](Request req, Responder done) { done(answer_(req)); }, metrics_);
    auto bound = server_->listen();
    ASSERT_TRUE(bound.is_ok()) << bound.status().to_string();
    port_ = static_cast<uint16_t>(std::stoi(bound->substr(bound->rfind(':') + 1)));
    loop_ = std::thread([this] { server_->run([] {}); });
    io_thread_ = loop_.get_id();
  }
  void TearDown() override {
    if (server_) {
      server_->stop();
      loop_.join();
    }
  }

  tcp::socket connect() {
    tcp::socket s(client_ioc_);
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
    return s;
  }
  static void send(tcp::socket& s, const std::string& text) { asio::write(s, asio::buffer(text)); }

  // Reads up to and including the blank line; what came after stays in `rest`.
  static std::string read_head(tcp::socket& s, std::string& rest) {
    beast::error_code ec;
    asio::read_until(s, asio::dynamic_buffer(rest), "\r\n\r\n", ec);
    const size_t end = rest.find("\r\n\r\n");
    if (end == std::string::npos) return {};
    std::string head = rest.substr(0, end + 4);
    rest.erase(0, end + 4);
    return head;
  }
  // Everything until the peer closes (or 5 s pass).
  static std::string read_to_close(tcp::socket& s, std::string rest) {
    beast::error_code ec;
    asio::read(s, asio::dynamic_buffer(rest), ec);
    return rest;
  }
  static std::string read_exactly(tcp::socket& s, std::string rest, size_t n) {
    if (rest.size() < n) {
      beast::error_code ec;
      asio::read(s, asio::dynamic_buffer(rest), asio::transfer_exactly(n - rest.size()), ec);
    }
    return rest;
  }
  // Decodes a chunked body; `complete` says whether the final 0-chunk came.
  static std::string dechunk(std::string wire, bool& complete) {
    std::string out;
    complete = false;
    size_t at = 0;
    for (;;) {
      const size_t eol = wire.find("\r\n", at);
      if (eol == std::string::npos) return out;
      const size_t n = std::stoul(wire.substr(at, eol - at), nullptr, 16);
      if (n == 0) {
        complete = wire.compare(eol, 4, "\r\n\r\n") == 0;
        return out;
      }
      if (wire.size() < eol + 2 + n + 2) return out;
      out += wire.substr(eol + 2, n);
      at = eol + 2 + n + 2;
    }
  }

  static Response streamed(std::shared_ptr<BodySource> source) {
    Response res;
    res.status = 200;
    res.set_header("Content-Type", "application/octet-stream");
    res.stream = std::move(source);
    return res;
  }

  Metrics metrics_;
  std::function<Response(const Request&)> answer_;
  std::unique_ptr<Server> server_;
  std::thread loop_;
  std::thread::id io_thread_;
  uint16_t port_ = 0;
  asio::io_context client_ioc_;
};

TEST_F(StreamBodyTest, AKnownLengthIsSentWithContentLengthInBoundedPiecesOffTheIoThread) {
  const std::string data = pattern(3'000'000);
  std::atomic<size_t> largest{0};
  std::atomic<int> reads{0};
  std::atomic<std::thread::id> reader;
  start([&](const Request& req) {
    if (req.path != "/file") return Response{};
    auto src = std::make_shared<TestSource>();
    src->data = data;
    src->step = 1'000'000;
    src->largest_read = &largest;
    src->reads = &reads;
    src->reader_thread = &reader;
    return streamed(src);
  });
  auto s = connect();
  send(s, "GET /file HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string rest;
  const std::string head = read_head(s, rest);
  EXPECT_TRUE(head.starts_with("HTTP/1.1 200 OK\r\n")) << head;
  EXPECT_NE(head.find("\r\nContent-Length: 3000000\r\n"), std::string::npos) << head;
  EXPECT_EQ(head.find("Transfer-Encoding"), std::string::npos) << head;
  EXPECT_EQ(read_exactly(s, rest, data.size()), data);
  EXPECT_LE(largest.load(), 64u * 1024);  // one piece in memory, not the body
  EXPECT_GE(reads.load(), static_cast<int>(data.size() / (64 * 1024)));
  EXPECT_NE(reader.load(), io_thread_);

  // The connection stays usable: the next request on it is answered.
  send(s, "GET /other HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string more;
  EXPECT_TRUE(read_head(s, more).starts_with("HTTP/1.1 200 OK\r\n"));
}

TEST_F(StreamBodyTest, AnUnknownLengthIsChunkedOnHttp11AndEndsWithTheFinalChunk) {
  const std::string data = pattern(200'000);
  start([&](const Request&) {
    auto src = std::make_shared<TestSource>();
    src->data = data;
    src->known_length = false;
    return streamed(src);
  });
  auto s = connect();
  send(s, "GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::string rest;
  const std::string head = read_head(s, rest);
  EXPECT_NE(head.find("\r\nTransfer-Encoding: chunked\r\n"), std::string::npos) << head;
  EXPECT_EQ(head.find("Content-Length"), std::string::npos) << head;
  bool complete = false;
  EXPECT_EQ(dechunk(read_to_close(s, rest), complete), data);
  EXPECT_TRUE(complete);
}

TEST_F(StreamBodyTest, AnUnknownLengthOnHttp10EndsWithTheConnection) {
  const std::string data = pattern(150'000);
  start([&](const Request&) {
    auto src = std::make_shared<TestSource>();
    src->data = data;
    src->known_length = false;
    return streamed(src);
  });
  auto s = connect();
  send(s, "GET /x HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  std::string rest;
  const std::string head = read_head(s, rest);
  EXPECT_TRUE(head.starts_with("HTTP/1.0 200 OK\r\n")) << head;
  EXPECT_EQ(head.find("Content-Length"), std::string::npos) << head;
  EXPECT_EQ(head.find("Transfer-Encoding"), std::string::npos) << head;
  EXPECT_EQ(head.find("keep-alive"), std::string::npos) << head;
  EXPECT_EQ(read_to_close(s, rest), data);
}

TEST_F(StreamBodyTest, ASourceFailingMidStreamClosesTheConnectionShortOfContentLength) {
  const std::string data = pattern(500'000);
  start([&](const Request&) {
    auto src = std::make_shared<TestSource>();
    src->data = data;
    src->fail_after = 200'000;
    return streamed(src);
  });
  auto s = connect();
  send(s, "GET /x HTTP/1.1\r\nHost: x\r\n\r\n");  // keep-alive asked: the close is the server's signal
  std::string rest;
  const std::string head = read_head(s, rest);
  EXPECT_TRUE(head.starts_with("HTTP/1.1 200 OK\r\n")) << head;
  EXPECT_NE(head.find("\r\nContent-Length: 500000\r\n"), std::string::npos);
  const std::string got = read_to_close(s, rest);
  EXPECT_EQ(got, data.substr(0, 200'000));  // what was read is sent, then the connection ends
  EXPECT_NE(metrics_.render().find("deskd_http_streamed_responses_cut_total{cause=\"source\"} 1\n"),
            std::string::npos);
}

TEST_F(StreamBodyTest, ASourceEndingBeforeItsLengthIsAFailureToo) {
  const std::string data = pattern(300'000);
  start([&](const Request&) {
    auto src = std::make_shared<TestSource>();
    src->data = data;
    src->fail_after = 100'000;
    src->end_short = true;
    return streamed(src);
  });
  auto s = connect();
  send(s, "GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string rest;
  read_head(s, rest);
  EXPECT_EQ(read_to_close(s, rest).size(), 100'000u);
  EXPECT_NE(metrics_.render().find("cause=\"source\"} 1\n"), std::string::npos);
}

TEST_F(StreamBodyTest, AChunkedBodyThatFailsGetsNoFinalChunk) {
  const std::string data = pattern(300'000);
  start([&](const Request&) {
    auto src = std::make_shared<TestSource>();
    src->data = data;
    src->known_length = false;
    src->fail_after = 120'000;
    return streamed(src);
  });
  auto s = connect();
  send(s, "GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string rest;
  read_head(s, rest);
  bool complete = true;
  EXPECT_EQ(dechunk(read_to_close(s, rest), complete), data.substr(0, 120'000));
  EXPECT_FALSE(complete);
}

TEST_F(StreamBodyTest, AClientGoingAwayEndsTheResponseAndReleasesTheSource) {
  std::atomic<bool> destroyed{false};
  std::atomic<int> reads{0};
  start([&](const Request& req) {
    if (req.path != "/endless") return Response{};
    auto src = std::make_shared<TestSource>();
    src->known_length = false;
    src->endless = true;
    src->step = 64 * 1024;
    src->destroyed = &destroyed;
    src->reads = &reads;
    return streamed(src);
  });
  {
    auto s = connect();
    send(s, "GET /endless HTTP/1.1\r\nHost: x\r\n\r\n");
    std::string rest;
    read_head(s, rest);
    read_exactly(s, rest, 100'000);
    s.set_option(asio::socket_base::linger(true, 0));  // RST: gone for good
    s.close();
  }
  for (int i = 0; i < 500 && !destroyed; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_TRUE(destroyed.load()) << "the endless source outlived its client";
  const int after = reads.load();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(reads.load(), after);  // nothing reads it any more
  EXPECT_NE(metrics_.render().find("cause=\"client\"} 1\n"), std::string::npos);

  auto s = connect();  // and the server serves on
  send(s, "GET /other HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string rest;
  EXPECT_TRUE(read_head(s, rest).starts_with("HTTP/1.1 200 OK\r\n"));
}

TEST_F(StreamBodyTest, AHeadRequestGetsTheFramingWithoutReadingTheSource) {
  std::atomic<int> reads{0};
  start([&](const Request&) {
    auto src = std::make_shared<TestSource>();
    src->data = pattern(1000);
    src->reads = &reads;
    return streamed(src);
  });
  auto s = connect();
  send(s, "HEAD /x HTTP/1.1\r\nHost: x\r\n\r\nGET /y HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::string rest;
  const std::string head = read_head(s, rest);
  EXPECT_NE(head.find("\r\nContent-Length: 1000\r\n"), std::string::npos) << head;
  const std::string second = read_to_close(s, rest);
  EXPECT_TRUE(second.starts_with("HTTP/1.1 200 OK\r\n")) << second.substr(0, 200);
  EXPECT_EQ(second.size() - second.find("\r\n\r\n") - 4, 1000u);  // the GET's body, right after the HEAD's head
  EXPECT_EQ(reads.load(), 1);  // the GET's one read of 1000 bytes; none for the HEAD
}

TEST(SpoolFileTest, SpoolsAppendsToAnUnnamedPrivateFileAndReadsThemBack) {
  const std::string dir = ::testing::TempDir() + "/spool_file_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto spool = SpoolFile::create(dir);
  ASSERT_TRUE(spool.is_ok()) << spool.status().to_string();
  const std::string data = pattern(1'000'003);
  for (size_t at = 0; at < data.size(); at += 999) ASSERT_TRUE(spool->append(data.substr(at, 999)).is_ok());
  EXPECT_EQ(spool->size(), data.size());
  EXPECT_TRUE(std::filesystem::is_empty(dir));  // no name anyone could open
  auto body = spool->finish();
  ASSERT_TRUE(body.is_ok());
  EXPECT_EQ((*body)->length(), std::optional<uint64_t>(data.size()));
  std::string back;
  char piece[70'000];
  for (;;) {
    auto n = (*body)->read(piece, sizeof piece);
    ASSERT_TRUE(n.is_ok());
    if (*n == 0) break;
    back.append(piece, *n);
  }
  EXPECT_EQ(back, data);
  EXPECT_FALSE(spool->append("late").is_ok());  // handed over: the SpoolFile owns nothing
}

TEST(SpoolFileTest, ACreationFailureIsUnavailable) {
  auto spool = SpoolFile::create("/nonexistent/deskd");
  EXPECT_EQ(spool.status().code(), Code::kUnavailable);
}

}  // namespace
}  // namespace deskd::http
