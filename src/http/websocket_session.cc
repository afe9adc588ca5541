#include "http/websocket_session.h"
#include "core/degraded.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <mutex>

namespace deskd::http {
namespace {

namespace websocket = boost::beast::websocket;
using asio::use_awaitable;

class Connection final : public WsConnection, public std::enable_shared_from_this<Connection> {
 public:
  Connection(beast::tcp_stream stream, WsLimits limits, uint64_t id)
      : ws_(std::move(stream)), limits_(limits), id_(id) {}

  websocket::stream<beast::tcp_stream>& ws() { return ws_; }

  bool send(std::string text) override {
    bool start = false;
    {
      std::lock_guard lock(mu_);
      if (!open_) return false;
      if (queue_.size() >= limits_.max_queued_messages || queued_bytes_ + text.size() > limits_.max_queued_bytes) {
        over_cap_ = true;
      } else {
        queued_bytes_ += text.size();
        queue_.push_back(std::move(text));
        start = !writing_;
        if (start) writing_ = true;
      }
    }
    if (over_cap_) {
      count_degraded(Degraded::kWsSendQueueFull);
      close(static_cast<uint16_t>(websocket::close_code::policy_error), "send queue full");
      return false;
    }
    if (start) asio::post(ws_.get_executor(), [self = shared_from_this()] { self->write_next(); });
    return true;
  }

  void close(uint16_t code, std::string reason) override {
    {
      std::lock_guard lock(mu_);
      if (!open_) return;
      open_ = false;
    }
    asio::post(ws_.get_executor(), [self = shared_from_this(), code, reason = std::move(reason)] {
      self->ws_.async_close(websocket::close_reason(static_cast<websocket::close_code>(code), reason),
                            [self](beast::error_code) {});
    });
  }

  void abort() {
    mark_closed();
    asio::post(ws_.get_executor(), [self = shared_from_this()] {
      beast::error_code ignored;
      beast::get_lowest_layer(self->ws_).socket().close(ignored);
    });
  }

  uint64_t id() const override { return id_; }
  bool open() const override {
    std::lock_guard lock(mu_);
    return open_;
  }
  void mark_closed() {
    std::lock_guard lock(mu_);
    open_ = false;
  }

 private:
  // Runs on the stream's strand; one write in flight at a time.
  void write_next() {
    std::string* front;
    {
      std::lock_guard lock(mu_);
      if (queue_.empty()) {
        writing_ = false;
        return;
      }
      front = &queue_.front();
    }
    ws_.text(true);
    ws_.async_write(asio::buffer(*front), [self = shared_from_this()](beast::error_code ec, size_t) {
      {
        std::lock_guard lock(self->mu_);
        self->queued_bytes_ -= self->queue_.front().size();
        self->queue_.pop_front();
        if (ec) {
          self->queue_.clear();
          self->queued_bytes_ = 0;
          self->writing_ = false;
          self->open_ = false;
          return;
        }
      }
      self->write_next();
    });
  }

  websocket::stream<beast::tcp_stream> ws_;
  WsLimits limits_;
  uint64_t id_;
  mutable std::mutex mu_;
  std::deque<std::string> queue_;  // front() is being written while writing_
  size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool open_ = true;
  std::atomic<bool> over_cap_{false};
};

}  // namespace

asio::awaitable<void> run_websocket(beast::tcp_stream stream, bhttp::request<bhttp::string_body> upgrade,
                                    std::shared_ptr<WsSession> session, uint64_t id,
                                    std::function<void(const std::shared_ptr<WsConnection>&, bool opened)> track) {
  stream.expires_never();  // the websocket stream runs its own timeouts
  auto conn = std::make_shared<Connection>(std::move(stream), session->limits, id);
  auto& ws = conn->ws();
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = std::chrono::seconds(10);
  timeouts.idle_timeout = std::chrono::seconds(session->limits.idle_timeout_s);
  timeouts.keep_alive_pings = true;
  ws.set_option(timeouts);
  ws.read_message_max(session->limits.max_message_bytes);
  ws.set_option(
      websocket::stream_base::decorator([](websocket::response_type& res) { res.set(bhttp::field::server, "deskd"); }));
  beast::error_code ec;
  co_await ws.async_accept(upgrade, asio::redirect_error(use_awaitable, ec));
  if (ec) co_return;
  std::shared_ptr<WsConnection> handle = conn;
  track(handle, true);
  if (session->on_open) session->on_open(handle);
  beast::flat_buffer buffer;
  for (;;) {
    co_await ws.async_read(buffer, asio::redirect_error(use_awaitable, ec));
    if (ec) {
      // Every close goes through Connection::close so at most one close
      // operation is ever in flight (a shutdown may close concurrently).
      if (ec == websocket::error::message_too_big)
        conn->close(static_cast<uint16_t>(websocket::close_code::too_big), "message too big");
      break;
    }
    if (!ws.got_text()) {
      conn->close(static_cast<uint16_t>(websocket::close_code::bad_payload), "text frames only");
      break;
    }
    std::string message = beast::buffers_to_string(buffer.data());
    buffer.consume(buffer.size());
    if (session->on_message) session->on_message(handle, std::move(message));
  }
  conn->mark_closed();
  if (session->on_close) session->on_close(handle);
  track(handle, false);
}

void abort_websocket(const std::shared_ptr<WsConnection>& c) {
  if (auto* conn = dynamic_cast<Connection*>(c.get())) conn->abort();
}

}  // namespace deskd::http
