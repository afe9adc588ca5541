// Drives the real Server with a Beast WebSocket client over loopback.
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <boost/beast/websocket.hpp>

#include <thread>

#include "http/asio.h"
#include "http/server.h"
#include "http/websocket.h"

namespace deskd::http {
namespace {

namespace websocket = boost::beast::websocket;

class WebSocketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions o;
    o.host = "127.0.0.1";
    o.port = 0;
    server_ = std::make_unique<Server>(
        o, [this](Request req, Responder done) { handle(std::move(req), done); }, metrics_);
    auto bound = server_->listen();
    ASSERT_TRUE(bound.is_ok()) << bound.status().to_string();
    port_ = static_cast<uint16_t>(std::stoi(bound->substr(bound->rfind(':') + 1)));
    thread_ = std::thread([this] { server_->run([] {}); });
  }
  void TearDown() override {
    server_->stop();
    thread_.join();
  }

  void handle(Request req, const Responder& done) {
    Response res;
    if (req.path == "/echo" && req.websocket_upgrade) {
      auto session = std::make_shared<WsSession>();
      session->limits.max_message_bytes = 1024;
      session->on_message = [](const std::shared_ptr<WsConnection>& c, std::string m) { c->send("echo:" + m); };
      res.status = 101;
      res.websocket = session;
    } else if (req.path == "/flood" && req.websocket_upgrade) {
      auto session = std::make_shared<WsSession>();
      session->limits.max_queued_messages = 4;
      session->on_open = [this](const std::shared_ptr<WsConnection>& c) {
        int accepted = 0;
        for (int i = 0; i < 100; ++i) accepted += c->send(std::string(1000, 'x')) ? 1 : 0;
        flood_accepted_ = accepted;
      };
      res.status = 101;
      res.websocket = session;
    } else {
      res.status = 404;
    }
    done(std::move(res));
  }

  websocket::stream<tcp::socket> connect(const std::string& path) {
    websocket::stream<tcp::socket> ws(ioc_);
    ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
    // A broken server must fail the test, not hang it.
    timeval tv{10, 0};
    ::setsockopt(ws.next_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ws.handshake("127.0.0.1", path);
    return ws;
  }

  asio::io_context ioc_;
  Metrics metrics_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  uint16_t port_ = 0;
  std::atomic<int> flood_accepted_{-1};
};

TEST_F(WebSocketTest, EchoesTextFramesInOrder) {
  auto ws = connect("/echo");
  for (int i = 0; i < 20; ++i) ws.write(asio::buffer("m" + std::to_string(i)));
  for (int i = 0; i < 20; ++i) {
    beast::flat_buffer buf;
    ws.read(buf);
    EXPECT_EQ(beast::buffers_to_string(buf.data()), "echo:m" + std::to_string(i));
  }
  ws.close(websocket::close_code::normal);
}

TEST_F(WebSocketTest, OversizeMessageClosesWith1009) {
  auto ws = connect("/echo");
  beast::error_code ec;
  ws.write(asio::buffer(std::string(5000, 'a')), ec);  // the server may close before it is all sent
  beast::flat_buffer buf;
  ws.read(buf, ec);
  // The server fails the connection: the client sees the 1009 close frame, or,
  // when its unread bytes make the server's TCP stack reset, a dropped connection.
  ASSERT_TRUE(ec);
  if (ec == websocket::error::closed) {
    EXPECT_EQ(ws.reason().code, websocket::close_code::too_big);
  }
  // Either way the server keeps serving.
  auto again = connect("/echo");
  again.write(asio::buffer(std::string("ok")));
  beast::flat_buffer reply;
  again.read(reply);
  EXPECT_EQ(beast::buffers_to_string(reply.data()), "echo:ok");
}

TEST_F(WebSocketTest, BinaryFramesAreRefused) {
  auto ws = connect("/echo");
  ws.binary(true);
  ws.write(asio::buffer(std::string("\x01\x02", 2)));
  beast::flat_buffer buf;
  beast::error_code ec;
  ws.read(buf, ec);
  EXPECT_EQ(ec, websocket::error::closed);
  EXPECT_EQ(ws.reason().code, websocket::close_code::bad_payload);
}

TEST_F(WebSocketTest, SendQueueIsCappedAndTheSlowClientDropped) {
  auto ws = connect("/flood");
  // The handler queued far more than the cap in one go: most sends were refused
  // and the connection is closed with a policy error after the queued frames.
  beast::error_code ec;
  int received = 0;
  for (;;) {
    beast::flat_buffer buf;
    ws.read(buf, ec);
    if (ec) break;
    ++received;
  }
  EXPECT_LE(flood_accepted_.load(), 4);
  EXPECT_LE(received, 4);
  EXPECT_EQ(ec, websocket::error::closed);
  EXPECT_EQ(ws.reason().code, websocket::close_code::policy_error);
}

TEST_F(WebSocketTest, PlainRequestsStillWorkBesideUpgrades) {
  tcp::socket s(ioc_);
  s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
  bhttp::request<bhttp::empty_body> req{bhttp::verb::get, "/nothing", 11};
  req.set(bhttp::field::host, "x");
  bhttp::write(s, req);
  beast::flat_buffer buf;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(s, buf, res);
  EXPECT_EQ(res.result_int(), 404);
}

TEST_F(WebSocketTest, ShutdownClosesOpenSocketsWithGoingAway) {
  auto ws = connect("/echo");
  server_->stop();
  beast::flat_buffer buf;
  beast::error_code ec;
  ws.read(buf, ec);
  EXPECT_EQ(ec, websocket::error::closed);
  EXPECT_EQ(ws.reason().code, websocket::close_code::going_away);
}

}  // namespace
}  // namespace deskd::http
