// Stopping the real Server: SIGTERM handling in this process (the handler is
// in place as soon as listen() returned the address, before run()), and the
// deadline of a graceful stop (server.shutdown_timeout_s).
#include <gtest/gtest.h>

#include <boost/beast/websocket.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

#include "http/asio.h"
#include "http/server.h"
#include "http/websocket.h"

namespace deskd::http {
namespace {

namespace websocket = boost::beast::websocket;

// Without a handler installed by listen(), raise() would end this test
// process with SIGTERM (the failure mode seen when a supervisor signals deskd
// right after it printed `listening on`).
TEST(ServerStopTest, SigtermBetweenListenAndRunIsAGracefulStop) {
  Metrics metrics;
  ServerOptions o;
  o.host = "127.0.0.1";
  o.port = 0;
  Server server(o, [](Request, Responder done) { done(Response{}); }, metrics);
  auto bound = server.listen();
  ASSERT_TRUE(bound.is_ok()) << bound.status().to_string();
  ASSERT_EQ(::raise(SIGTERM), 0);
  int stops = 0;
  server.run([&stops] { ++stops; });  // returns only because the held signal began a stop
  EXPECT_EQ(stops, 1);
}

// A peer that never answers the 1001 close: at the deadline its connection is
// cut and on_close runs before run() returns, so whoever tracks the socket (the
// chat hub) lets go of it while the I/O context still exists.
TEST(ServerStopTest, AWebSocketWhosePeerIgnoresTheCloseIsCutAtTheDeadline) {
  Metrics metrics;
  ServerOptions o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.shutdown_timeout = std::chrono::milliseconds(300);
  std::atomic<int> opened{0}, closed{0};
  Server server(
      o,
      [&](Request req, Responder done) {
        Response res;
        res.status = 404;
        if (req.websocket_upgrade) {
          auto session = std::make_shared<WsSession>();
          session->on_open = [&](const std::shared_ptr<WsConnection>&) { ++opened; };
          session->on_close = [&](const std::shared_ptr<WsConnection>&) { ++closed; };
          res.status = 101;
          res.websocket = session;
        }
        done(std::move(res));
      },
      metrics);
  auto bound = server.listen();
  ASSERT_TRUE(bound.is_ok()) << bound.status().to_string();
  const auto port = static_cast<uint16_t>(std::stoi(bound->substr(bound->rfind(':') + 1)));
  std::thread loop([&] { server.run([] {}); });

  asio::io_context client_ioc;
  websocket::stream<tcp::socket> ws(client_ioc);
  ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  ws.handshake("127.0.0.1", "/ws");  // then never reads: the server's close frame is never answered
  for (int i = 0; i < 200 && opened == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_EQ(opened, 1);

  const auto t0 = std::chrono::steady_clock::now();
  server.stop();
  loop.join();
  const auto took = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(closed, 1) << "the connection outlived the server's loop";
  EXPECT_GE(took, std::chrono::milliseconds(250)) << "the peer was not given until the deadline";
  EXPECT_LT(took, std::chrono::milliseconds(2000));
}

}  // namespace
}  // namespace deskd::http
