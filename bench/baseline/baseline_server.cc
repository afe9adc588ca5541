// The benchmark ceiling: the least an HTTP/1.1 server on this stack can do per
// request. Boost.Beast with C++20 coroutines on one I/O thread, keep-alive,
// a fixed 1 KB HTML page for any method and path. deskd's request/s are
// reported as a ratio to this server, measured in the same run.
//
// Usage: baseline_server [--port N]   (0 = any free port; default 0)
// Prints "listening on http://127.0.0.1:PORT" once bound; stops on SIGINT/SIGTERM.
#include <utility>  // before Asio 1.74's awaitable.hpp, which uses std::exchange

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

namespace deskd::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;

constexpr size_t kPageBytes = 1024;
constexpr auto kIdleTimeout = std::chrono::seconds(30);
constexpr size_t kMaxBodyBytes = 64 * 1024;

// Exactly kPageBytes of valid HTML5.
std::string make_page() {
  const std::string head =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>baseline</title></head><body><h1>Baseline</h1><p>";
  const std::string tail = "</p></body></html>\n";
  const std::string_view filler = "The quick brown fox jumps over the lazy dog. ";
  std::string page = head;
  while (page.size() + tail.size() < kPageBytes) {
    page += filler[(page.size() - head.size()) % filler.size()];
  }
  return page + tail;
}

// Serves one connection until the peer closes it, asks to close, times out or errs.
awaitable<void> serve(tcp::socket socket, const std::string& page) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  beast::error_code ec;
  for (;;) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(kMaxBodyBytes);
    stream.expires_after(kIdleTimeout);
    co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
    if (ec) break;
    const auto& req = parser.get();

    bhttp::response<bhttp::string_body> res{bhttp::status::ok, req.version()};
    res.set(bhttp::field::server, "baseline");
    res.set(bhttp::field::content_type, "text/html; charset=utf-8");
    res.keep_alive(req.keep_alive());
    if (req.method() != bhttp::verb::head) res.body() = page;
    res.content_length(page.size());
    co_await bhttp::async_write(stream, res, asio::redirect_error(use_awaitable, ec));
    if (ec || !res.keep_alive()) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

awaitable<void> accept_loop(tcp::acceptor& acceptor, const std::string& page) {
  for (;;) {
    beast::error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(use_awaitable, ec));
    if (ec == asio::error::operation_aborted) co_return;
    if (ec) continue;
    socket.set_option(tcp::no_delay(true), ec);
    asio::co_spawn(acceptor.get_executor(), serve(std::move(socket), page), [](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& x) {
        std::fprintf(stderr, "connection failed: %s\n", x.what());
      }
    });
  }
}

int run(int argc, char** argv) {
  unsigned long port = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--port" && i + 1 < argc) {
      char* end = nullptr;
      port = std::strtoul(argv[++i], &end, 10);
      if (*end != '\0' || port > 65535) {
        std::fprintf(stderr, "invalid --port: %s\n", argv[i]);
        return 2;
      }
    } else {
      std::fprintf(stderr, "usage: %s [--port N]  (0 = any free port)\n", argv[0]);
      return arg == "--help" ? 0 : 2;
    }
  }

  const std::string page = make_page();
  asio::io_context ioc(1);
  tcp::acceptor acceptor(ioc);
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port));
  acceptor.open(endpoint.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(asio::socket_base::max_listen_connections);
  std::printf("listening on http://127.0.0.1:%u\n", static_cast<unsigned>(acceptor.local_endpoint().port()));
  std::fflush(stdout);

  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const beast::error_code&, int) { ioc.stop(); });
  asio::co_spawn(ioc, accept_loop(acceptor, page), asio::detached);
  ioc.run();
  return 0;
}

}  // namespace
}  // namespace deskd::bench

int main(int argc, char** argv) {
  try {
    return deskd::bench::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "baseline_server: %s\n", e.what());
    return 1;
  }
}
