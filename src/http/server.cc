#include "http/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <limits>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/beast/websocket/rfc6455.hpp>
#include <map>

#include "http/asio.h"
#include "core/thread_pool.h"
#include "http/connection_table.h"
#include "http/form.h"
#include "http/framing.h"
#include "http/response_head.h"
#include "http/to_request.h"
#include "http/websocket_session.h"

namespace deskd::http {
namespace {

using asio::awaitable;
using asio::use_awaitable;
namespace this_coro = asio::this_coro;
using SteadyClock = std::chrono::steady_clock;

// Admission events (refusals, idle connections closed early) are logged at most
// this often, with a count; /metrics has the exact totals.
constexpr auto kAdmissionLogInterval = std::chrono::seconds(10);

// One accepted connection, shared by its serving coroutine, the connection
// table and whoever closes it early (eviction under pressure, graceful stop).
struct Conn final : ConnectionTable::Slot {
  Conn(asio::any_io_executor ex, std::string ip) : strand(std::move(ex)), peer(std::move(ip)) {}
  const asio::any_io_executor strand;  // the connection's strand; its coroutine runs there
  const std::string peer;
  // Touched only on `strand`: the stream while the serving coroutine owns it,
  // and whether that coroutine is waiting for a request head.
  beast::tcp_stream* stream = nullptr;
  bool reading_head = false;
};

// Cancels the connection's read if it is still waiting for a request head. A
// connection that is busy by then is left alone: ConnectionTable::stop_waiting()
// (or the stop flag) tells it to close once it has answered.
void close_waiting(const std::shared_ptr<Conn>& c) {
  asio::post(c->strand, [c] {
    if (c->stream && c->reading_head) c->stream->cancel();
  });
}

// Closes a refused connection without starting a coroutine for it: one
// non-blocking send of a fixed 503 into the fresh socket's empty send buffer
// (it never waits), one non-blocking read that discards a request already sent
// (so the close sends FIN rather than RST, which could destroy the 503), close.
// Errors only mean the client is gone already; the refusal is counted by the caller.
void refuse(tcp::socket& socket) {
  static constexpr std::string_view k503 =
      "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  beast::error_code ec;
  socket.non_blocking(true, ec);
  if (!ec) socket.write_some(asio::buffer(k503.data(), k503.size()), ec);
  std::array<char, 4096> scratch;
  if (!ec) socket.read_some(asio::buffer(scratch), ec);
  socket.shutdown(tcp::socket::shutdown_both, ec);
  socket.close(ec);
}

// Runs handler(req, responder) and resumes the awaiting coroutine on its own
// executor once the responder is called (from whatever thread).
template <class Token>
auto async_handle(const Handler& handler, Request req, Token&& token) {
  return asio::async_initiate<Token, void(Response)>(
      [&handler](auto completion, Request r) {
        auto shared = std::make_shared<decltype(completion)>(std::move(completion));
        handler(std::move(r), [shared](Response res) {
          auto ex = asio::get_associated_executor(*shared);
          asio::post(ex, [shared, res = std::move(res)]() mutable { (*shared)(std::move(res)); });
        });
      },
      token, std::move(req));
}

// Runs source.read() through run_blocking into `buffer` and resumes the
// awaiting coroutine on its own executor with the result. The task holds the
// source and the buffer, so they outlive a connection that ends meanwhile.
template <class Token>
auto async_read_body(const std::function<bool(std::function<void()>)>& run_blocking,
                     std::shared_ptr<BodySource> source, std::shared_ptr<std::vector<char>> buffer, size_t want,
                     Token&& token) {
  return asio::async_initiate<Token, void(Result<size_t>)>(
      [&run_blocking](auto completion, std::shared_ptr<BodySource> src, std::shared_ptr<std::vector<char>> buf,
                      size_t n) {
        auto shared = std::make_shared<decltype(completion)>(std::move(completion));
        auto ex = asio::get_associated_executor(*shared);
        const bool queued = run_blocking([shared, ex, src, buf, n] {
          Result<size_t> got = src->read(buf->data(), n);
          asio::post(ex, [shared, got = std::move(got)]() mutable { (*shared)(std::move(got)); });
        });
        if (!queued) {
          asio::post(ex, [shared] { (*shared)(Result<size_t>(unavailable("no worker free to read the body"))); });
        }
      },
      token, std::move(source), std::move(buffer), want);
}

// The piece a streamed body is read and written in.
constexpr size_t kStreamPieceBytes = 64 * 1024;

}  // namespace

Request to_request(const bhttp::request<bhttp::string_body>& msg, const std::string& peer, int64_t now_ms) {
  Request r;
  r.method = std::string(msg.method_string());
  r.target = std::string(msg.target());
  std::string_view target = r.target;
  size_t q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  if (q != std::string_view::npos) r.query = std::string(target.substr(q + 1));
  auto decoded = percent_decode(raw_path, false);
  r.path = decoded && valid_utf8(*decoded) ? std::move(*decoded) : std::string();
  for (const auto& f : msg) r.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
  r.body = msg.body();
  r.peer_ip = peer;
  r.received_ms = now_ms;
  r.websocket_upgrade = boost::beast::websocket::is_upgrade(msg);
  return r;
}

namespace {

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

Result<std::pair<std::string, uint16_t>> parse_listen(std::string_view listen) {
  std::string_view host, port;
  if (listen.starts_with("[")) {
    size_t close = listen.find("]:");
    if (close == std::string_view::npos) return invalid_argument("listen address must be HOST:PORT");
    host = listen.substr(1, close - 1);
    port = listen.substr(close + 2);
  } else {
    size_t colon = listen.rfind(':');
    if (colon == std::string_view::npos) return invalid_argument("listen address must be HOST:PORT");
    host = listen.substr(0, colon);
    port = listen.substr(colon + 1);
  }
  unsigned value = 0;
  auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || p != port.data() + port.size() || value > 65535 || host.empty())
    return invalid_argument("bad listen address '" + std::string(listen) + "'");
  return std::pair{std::string(host), static_cast<uint16_t>(value)};
}

ConnectionTable::Options table_options(const ServerOptions& o) {
  ConnectionTable::Options t;
  t.max_connections = o.limits.max_connections;
  t.max_per_ip = o.limits.max_connections_per_ip;
  t.pressure_idle_timeout = std::chrono::seconds(o.limits.pressure_idle_timeout_s);
  // Spelled as peers are (Asio's to_string), so "::0001" matches "::1".
  for (const auto& peer : o.uncapped_peers) {
    beast::error_code ec;
    auto address = asio::ip::make_address(peer, ec);
    t.uncapped_peers.push_back(ec ? peer : address.to_string());
  }
  return t;
}

// After server.shutdown_timeout_s, how long cut WebSockets get to run their on_close.
constexpr auto kCutGrace = std::chrono::milliseconds(500);

// Counts one request as in flight from the handler call until the scope ends
// (answer written, connection failed) or done() (the request became a WebSocket).
class InFlight {
 public:
  explicit InFlight(Metrics& m) : metrics_(&m) { m.request_started(); }
  ~InFlight() { done(); }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;
  void done() {
    if (metrics_) metrics_->request_finished();
    metrics_ = nullptr;
  }

 private:
  Metrics* metrics_;
};

struct Server::Impl {
  ServerOptions options;
  Handler handler;
  Metrics& metrics;
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::atomic<bool> stopping{false};
  std::function<void()> on_stopping;
  std::optional<asio::signal_set> signals;  // installed by listen()

  // Open connections: counts per peer, and which wait for a request head (safe
  // to close early under pressure or on stop).
  ConnectionTable table;
  LogThrottle refused_per_ip_log{kAdmissionLogInterval};
  LogThrottle refused_capacity_log{kAdmissionLogInterval};
  LogThrottle idle_closed_log{kAdmissionLogInterval};

  // Reads streamed bodies when options.run_blocking is unset.
  std::unique_ptr<ThreadPool> own_pool;

  std::mutex ws_mu;
  std::map<uint64_t, std::weak_ptr<WsConnection>> websockets;  // open upgraded connections; guarded by ws_mu
  std::atomic<uint64_t> next_ws_id{1};

  Impl(ServerOptions o, Handler h, Metrics& m)
      : options(std::move(o)), handler(std::move(h)), metrics(m), table(table_options(options)) {
    if (!options.run_blocking) {
      own_pool = std::make_unique<ThreadPool>(2, 1024);
      options.run_blocking = [pool = own_pool.get()](std::function<void()> task) {
        return pool->submit(std::move(task));
      };
    }
  }

  void note_idle_closed(uint64_t n, SteadyClock::time_point now) {
    metrics.idle_connections_closed(n);
    if (auto total = idle_closed_log.note(now, n))
      spdlog::warn(
          "connection pressure: closed {} idle connection(s) early since the last report ({} open, "
          "limits.max_connections={})",
          *total, table.open(), options.limits.max_connections);
  }

  Response error_response(int status, const Request& head) {
    metrics.protocol_error(status);
    Response res = options.error_page ? options.error_page(status, head) : Response{};
    if (!options.error_page) {
      res.status = status;
      res.set_header("Content-Type", "text/plain; charset=utf-8");
      res.body = std::string(reason_phrase(status)) + "\n";
    }
    res.close = true;
    return res;
  }

  awaitable<void> write(beast::tcp_stream& stream, Response res, bool head, unsigned version, bool keep_alive,
                        beast::error_code& ec) {
    const bool keep = keep_alive && !res.close;
    const std::string wire_head = response_head(res, version == 10 ? 10 : 11, keep);
    const std::array<asio::const_buffer, 2> wire{asio::buffer(wire_head),
                                                 head ? asio::const_buffer() : asio::buffer(res.body)};
    stream.expires_after(std::chrono::seconds(options.limits.write_timeout_s));
    co_await asio::async_write(stream, wire, asio::redirect_error(use_awaitable, ec));
    if (ec || head || !res.stream) co_return;
    const bool chunked = body_is_chunked(res, version == 10 ? 10 : 11);
    co_await write_stream(stream, std::move(res.stream), chunked, ec);
  }

  // Sends a streamed body after its head. Sets ec (so the caller closes the
  // connection) when the client went away, the source failed, or the source
  // ended before its announced length; a failed chunked body gets no final
  // 0-chunk, so the client cannot take it for complete either.
  awaitable<void> write_stream(beast::tcp_stream& stream, std::shared_ptr<BodySource> source, bool chunked,
                               beast::error_code& ec) {
    const std::optional<uint64_t> length = source->length();
    auto buffer = std::make_shared<std::vector<char>>(kStreamPieceBytes);
    uint64_t sent = 0;
    for (;;) {
      const size_t want =
          length ? static_cast<size_t>(std::min<uint64_t>(*length - sent, kStreamPieceBytes)) : kStreamPieceBytes;
      if (want == 0) break;  // the announced length is sent
      Result<size_t> got = co_await async_read_body(options.run_blocking, source, buffer, want, use_awaitable);
      if (got.is_ok() && *got == 0 && length) got = Result<size_t>(unavailable("body ended before its length"));
      if (!got.is_ok()) {
        metrics.stream_failed();
        spdlog::warn("streamed response cut after {} bytes: {}", sent, got.status().message());
        ec = asio::error::make_error_code(asio::error::connection_aborted);
        co_return;
      }
      if (*got == 0) break;  // the end of a body of unknown length
      const size_t n = std::min(*got, want);
      char size_line[24];
      const int size_len = chunked ? std::snprintf(size_line, sizeof size_line, "%zx\r\n", n) : 0;
      const std::array<asio::const_buffer, 3> piece{asio::buffer(size_line, static_cast<size_t>(size_len)),
                                                    asio::buffer(buffer->data(), n),
                                                    chunked ? asio::buffer("\r\n", 2) : asio::const_buffer()};
      stream.expires_after(std::chrono::seconds(options.limits.write_timeout_s));
      co_await asio::async_write(stream, piece, asio::redirect_error(use_awaitable, ec));
      if (ec) {
        metrics.stream_abandoned();
        co_return;
      }
      sent += n;
    }
    if (chunked) {
      stream.expires_after(std::chrono::seconds(options.limits.write_timeout_s));
      co_await asio::async_write(stream, asio::buffer("0\r\n\r\n", 5), asio::redirect_error(use_awaitable, ec));
    }
  }

  // Runs on conn->strand (the io_context itself with one I/O thread). The
  // caller holds conn's admission and releases it when this coroutine ends.
  awaitable<void> serve_connection(tcp::socket socket, std::shared_ptr<Conn> conn) {
    beast::tcp_stream stream(std::move(socket));
    // Declared after `stream`, so it is destroyed first, however the coroutine ends.
    struct StreamHandle {
      Conn& conn;
      ~StreamHandle() {
        conn.stream = nullptr;
        conn.reading_head = false;
      }
    } handle{*conn};
    conn->stream = &stream;
    const std::string& peer = conn->peer;
    beast::flat_buffer buffer;
    bool first = true;
    bool linger = false;  // set when we answer before reading the whole request
    for (;;) {
      if (stopping) break;
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options.limits.max_header_bytes));
      // The body limit is per route and set once the head is known; until then
      // none, so an oversize Content-Length is answered 413 rather than 400.
      parser.body_limit(std::numeric_limits<std::uint64_t>::max());
      beast::error_code ec;
      const bool pressure = table.start_waiting(conn, SteadyClock::now());
      int wait_s = first ? options.limits.read_timeout_s : options.limits.idle_timeout_s;
      if (pressure) wait_s = std::min(wait_s, options.limits.pressure_idle_timeout_s);
      stream.expires_after(std::chrono::seconds(wait_s));
      conn->reading_head = true;
      co_await bhttp::async_read_header(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
      conn->reading_head = false;
      // Evicted while waiting: its slot went to a new connection, so it closes
      // after answering the request it may have read meanwhile.
      const bool evicted = !table.stop_waiting(*conn);
      first = false;
      if (ec) {
        if (ec == beast::error::timeout && buffer.size() == 0 && pressure) {
          note_idle_closed(1, SteadyClock::now());
          break;
        }
        if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted ||
            ec == asio::error::connection_reset || (ec == beast::error::timeout && buffer.size() == 0)) {
          break;
        }
        int status = ec == bhttp::error::header_limit ? 431 : ec == beast::error::timeout ? 408 : 400;
        // GCC 12 mishandles temporaries inside co_await expressions: build values first.
        const Request no_head;
        Response res = error_response(status, no_head);
        beast::error_code wec;
        co_await write(stream, std::move(res), false, 11, false, wec);
        linger = true;
        break;
      }
      auto& head = parser.get();
      // The request as the application will see it, from the head; the body
      // (if any) is added once read.
      Request req = to_request(head, peer, now_ms());
      // RFC 9112 framing: an ambiguous body length or Host never reaches the
      // application (request smuggling, cache poisoning); the connection closes.
      if (const FramingError framing = check_framing(head.version(), req.headers); framing != FramingError::kNone) {
        spdlog::debug("request refused before routing: {} (peer {})", framing_error_name(framing), peer);
        Response res = error_response(400, req);
        beast::error_code wec;
        co_await write(stream, std::move(res), false, head.version(), false, wec);
        linger = true;
        break;
      }
      // A request without a body (no Content-Length, no chunked coding) is
      // complete with its head: no body limit to find, no second read.
      if (!parser.is_done()) {
        const size_t limit =
            options.body_limit ? options.body_limit(req.method, req.target) : options.limits.max_body_bytes;
        parser.body_limit(limit);
        if (auto cl = parser.content_length(); cl && *cl > limit) {
          Response res = error_response(413, req);
          beast::error_code wec;
          co_await write(stream, std::move(res), false, head.version(), false, wec);
          linger = true;
          break;
        }
        if (beast::iequals(head[bhttp::field::expect], "100-continue")) {
          bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, head.version()};
          co_await bhttp::async_write(stream, cont, asio::redirect_error(use_awaitable, ec));
          if (ec) break;
        }
        stream.expires_after(std::chrono::seconds(options.limits.read_timeout_s));
        co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
        if (ec) {
          if (ec == asio::error::operation_aborted || ec == asio::error::connection_reset) break;
          int status = ec == bhttp::error::body_limit ? 413 : ec == beast::error::timeout ? 408 : 400;
          Response res = error_response(status, req);
          beast::error_code wec;
          co_await write(stream, std::move(res), false, head.version(), false, wec);
          linger = true;
          break;
        }
      }
      auto msg = parser.release();
      const bool keep_alive = msg.keep_alive();
      const bool is_head = msg.method() == bhttp::verb::head;
      const unsigned version = msg.version();
      req.body = std::move(msg.body());
      stream.expires_never();
      const bool upgrade = req.websocket_upgrade;
      InFlight in_flight(metrics);
      // What the application can answer without blocking is answered here;
      // the rest goes to the handler, which may finish on another thread.
      std::optional<Response> now;
      if (options.answer_now && !upgrade) now = options.answer_now(req);
      Response res;
      if (now) {
        res = std::move(*now);
      } else {
        res = co_await async_handle(handler, std::move(req), use_awaitable);
      }
      if (res.status == 101 && res.websocket && upgrade && !stopping && !evicted) {
        auto session = std::move(res.websocket);
        conn->stream = nullptr;  // moved into the WebSocket; never waits for a head again
        in_flight.done();
        const uint64_t id = next_ws_id++;
        std::function<void(const std::shared_ptr<WsConnection>&, bool)> track =
            [this](const std::shared_ptr<WsConnection>& c, bool opened) { track_websocket(c, opened); };
        co_await run_websocket(std::move(stream), std::move(msg), std::move(session), id, std::move(track));
        co_return;
      }
      if (res.status == 101) {  // an upgrade answer without an upgrade request (or while stopping)
        res = error_response(stopping || evicted ? 503 : 400, Request{});
      }
      const bool close = res.close || !keep_alive || stopping || evicted || body_needs_close(res, version);
      co_await write(stream, std::move(res), is_head, version, !close, ec);
      if (ec || close) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (linger) co_await drain(stream);
    stream.close();
  }

  // After refusing a request whose bytes are still arriving, read and discard
  // them for a short while so closing does not reset the connection before the
  // client has read the answer (a "lingering close").
  awaitable<void> drain(beast::tcp_stream& stream) {
    std::array<char, 16 * 1024> scratch;
    size_t total = 0;
    stream.expires_after(std::chrono::seconds(2));
    while (total < 4 * 1024 * 1024) {
      beast::error_code ec;
      size_t n = co_await stream.async_read_some(asio::buffer(scratch), asio::redirect_error(use_awaitable, ec));
      if (ec) break;
      total += n;
    }
  }

  awaitable<void> accept_loop() {
    for (;;) {
      beast::error_code ec;
      // A connection's handlers must not run concurrently: with one I/O thread
      // the io_context guarantees that by itself, and a strand would only add a
      // lock and a queue hop to every completion.
      const asio::any_io_executor strand = options.io_threads > 1 ? asio::any_io_executor(asio::make_strand(ioc))
                                                                  : asio::any_io_executor(ioc.get_executor());
      tcp::socket socket = co_await acceptor.async_accept(strand, asio::redirect_error(use_awaitable, ec));
      if (ec) {
        if (stopping || ec == asio::error::operation_aborted) co_return;
        spdlog::warn("accept failed: {}", ec.message());
        continue;
      }
      std::string peer;
      if (auto ep = socket.remote_endpoint(ec); !ec) peer = ep.address().to_string();
      if (peer.empty()) {  // reset by the client before we got to it
        socket.close(ec);
        continue;
      }
      auto conn = std::make_shared<Conn>(socket.get_executor(), peer);
      const auto now = SteadyClock::now();
      const ConnectionTable::Admission admission = table.admit(conn, peer, now);
      if (!admission.evict.empty()) {
        for (const auto& slot : admission.evict) close_waiting(std::static_pointer_cast<Conn>(slot));
        note_idle_closed(admission.evict.size(), now);
      }
      if (admission.refusal != ConnectionTable::Refusal::kNone) {
        refuse(socket);
        note_refused(admission.refusal, peer, now);
        continue;
      }
      metrics.connection_opened();
      auto ex = conn->strand;
      asio::co_spawn(ex, serve_connection(std::move(socket), conn), [this, conn](std::exception_ptr e) {
        if (e) {
          try {
            std::rethrow_exception(e);
          } catch (const std::exception& ex) {
            spdlog::error("connection ended by exception: {}", ex.what());
          }
        }
        metrics.connection_closed();
        table.release(*conn);
      });
    }
  }

  void note_refused(ConnectionTable::Refusal refusal, const std::string& peer, SteadyClock::time_point now) {
    if (refusal == ConnectionTable::Refusal::kPerIp) {
      metrics.connection_refused_per_ip();
      if (auto n = refused_per_ip_log.note(now))
        spdlog::warn(
            "refused {} connection(s) over limits.max_connections_per_ip={} since the last report "
            "(latest from {})",
            *n, options.limits.max_connections_per_ip, peer);
    } else {
      metrics.connection_refused_capacity();
      if (auto n = refused_capacity_log.note(now))
        spdlog::warn("refused {} connection(s) since the last report: all limits.max_connections={} busy", *n,
                     options.limits.max_connections);
    }
  }

  void close_all_waiting() {
    for (const auto& slot : table.waiting()) close_waiting(std::static_pointer_cast<Conn>(slot));
  }

  void track_websocket(const std::shared_ptr<WsConnection>& c, bool opened) {
    {
      std::lock_guard lock(ws_mu);
      if (opened)
        websockets[c->id()] = c;
      else
        websockets.erase(c->id());
    }
    // Opened after a stop began (the stop's sweep may have run already).
    if (opened && stopping) c->close(1001, "server shutting down");
  }

  void begin_stop() {
    if (stopping.exchange(true)) return;
    spdlog::info("stopping: no new connections; finishing in-flight requests");
    if (on_stopping) on_stopping();
    asio::post(ioc, [this] {
      beast::error_code ignored;
      acceptor.close(ignored);
      close_all_waiting();
      std::lock_guard lock(ws_mu);
      for (auto& [id, weak] : websockets) {
        if (auto c = weak.lock()) c->close(1001, "server shutting down");
      }
    });
    // Stop the loop once every connection is gone. At the deadline the
    // WebSockets still open (a peer that never answered the 1001) are cut, so
    // their on_close runs and nothing outside the server (the chat hub) holds
    // them past the I/O context; after kCutGrace the loop stops regardless.
    auto timer = std::make_shared<asio::steady_timer>(ioc);
    auto deadline = std::chrono::steady_clock::now() + options.shutdown_timeout;
    auto poll = std::make_shared<std::function<void()>>();
    auto cut = std::make_shared<bool>(false);
    *poll = [this, timer, deadline, poll, cut] {
      const size_t open = table.open();
      close_all_waiting();
      const auto now = std::chrono::steady_clock::now();
      if (open == 0 || now > deadline + kCutGrace) {
        ioc.stop();
        *poll = nullptr;
        return;
      }
      if (now > deadline && !*cut) {
        *cut = true;
        spdlog::warn("stopping: server.shutdown_timeout_s passed with {} connection(s) open; cutting them", open);
        std::lock_guard lock(ws_mu);
        for (auto& [id, weak] : websockets) {
          if (auto c = weak.lock()) abort_websocket(c);
        }
      }
      timer->expires_after(std::chrono::milliseconds(20));
      timer->async_wait([poll](beast::error_code) {
        if (*poll) (*poll)();
      });
    };
    asio::post(ioc, [poll] { (*poll)(); });
  }
};

Server::Server(ServerOptions options, Handler handler, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), metrics)) {}

Server::~Server() = default;

Result<std::string> Server::listen() {
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec) return invalid_argument("bad listen host '" + impl_->options.host + "'");
  tcp::endpoint ep(address, impl_->options.port);
  auto& acc = impl_->acceptor;
  acc.open(ep.protocol(), ec);
  if (!ec) acc.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acc.bind(ep, ec);
  if (!ec) acc.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return unavailable("cannot listen on " + impl_->options.host + ":" + std::to_string(impl_->options.port) + ": " +
                       ec.message());
  // Before the address can be announced: a SIGTERM from then on is a graceful stop.
  impl_->signals.emplace(impl_->ioc, SIGTERM, SIGINT);
  impl_->signals->async_wait([this](beast::error_code ec, int) {
    if (!ec) impl_->begin_stop();
  });
  auto bound = acc.local_endpoint();
  std::string host = bound.address().to_string();
  if (bound.address().is_v6()) host = "[" + host + "]";
  return host + ":" + std::to_string(bound.port());
}

void Server::run(std::function<void()> on_stopping) {
  impl_->on_stopping = std::move(on_stopping);
  asio::co_spawn(impl_->ioc, impl_->accept_loop(), asio::detached);
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->options.io_threads; ++i) threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : threads) t.join();
}

void Server::stop() {
  impl_->begin_stop();
}

}  // namespace deskd::http
