#include "cluster/redis_bus.h"

#include <hiredis/hiredis.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <memory>

#include "core/degraded.h"

namespace deskd::cluster {
namespace {

constexpr std::string_view kChannelPrefix = "deskd:";
constexpr auto kReadPoll = std::chrono::milliseconds(200);  // how often the subscriber looks at stop()
constexpr auto kCommandTimeout = std::chrono::milliseconds(2000);

struct ContextFree {
  void operator()(redisContext* c) const { redisFree(c); }
};
using Context = std::unique_ptr<redisContext, ContextFree>;
struct ReplyFree {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyFree>;

timeval to_timeval(std::chrono::milliseconds d) {
  return timeval{static_cast<time_t>(d.count() / 1000), static_cast<suseconds_t>((d.count() % 1000) * 1000)};
}

// A connected context with a command timeout, or an error text.
Result<Context> connect(const RedisEndpoint& ep, std::chrono::milliseconds timeout) {
  Context c(redisConnectWithTimeout(ep.host.c_str(), ep.port, to_timeval(timeout)));
  if (!c) return unavailable("out of memory");
  if (c->err) return unavailable(c->errstr);
  if (redisSetTimeout(c.get(), to_timeval(kCommandTimeout)) != REDIS_OK) return unavailable(c->errstr);
  return c;
}

Result<Reply> command(redisContext* c, const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  Reply r(static_cast<redisReply*>(redisCommandArgv(c, static_cast<int>(argv.size()), argv.data(), lens.data())));
  if (!r) return unavailable(c->err ? c->errstr : "no reply");
  if (r->type == REDIS_REPLY_ERROR) return unavailable(std::string(r->str, r->len));
  return r;
}

std::string endpoint_text(const RedisEndpoint& ep) {
  return ep.host + ":" + std::to_string(ep.port);
}

}  // namespace

RedisBus::RedisBus(RedisEndpoint endpoint, std::string node_id, RedisBusOptions options)
    : endpoint_(std::move(endpoint)), node_id_(std::move(node_id)), options_(options) {}

RedisBus::~RedisBus() {
  stop();
}

Status RedisBus::probe() const {
  auto c = connect(endpoint_, options_.connect_timeout);
  if (!c.is_ok())
    return unavailable("redis.url: cannot connect to Redis at " + endpoint_text(endpoint_) + ": " +
                       c.status().message());
  if (auto r = command(c->get(), {"SELECT", std::to_string(endpoint_.db)}); !r.is_ok())
    return unavailable("redis.url: Redis at " + endpoint_text(endpoint_) + " refused database " +
                       std::to_string(endpoint_.db) + ": " + r.status().message());
  auto pong = command(c->get(), {"PING"});
  if (!pong.is_ok())
    return unavailable("redis.url: Redis at " + endpoint_text(endpoint_) + ": " + pong.status().message());
  return Status::ok();
}

void RedisBus::on(const std::string& topic, Handler handler) {
  handlers_[std::string(kChannelPrefix) + topic] = std::move(handler);
}

void RedisBus::on_connected(std::function<void()> callback) {
  on_connected_.push_back(std::move(callback));
}

void RedisBus::start() {
  if (subscriber_.joinable()) return;
  subscriber_ = std::thread([this] { subscribe_loop(); });
  publisher_ = std::thread([this] { publish_loop(); });
}

void RedisBus::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (subscriber_.joinable()) subscriber_.join();
  if (publisher_.joinable()) publisher_.join();
}

void RedisBus::publish(std::string_view topic, std::string payload) {
  std::string body;
  body.reserve(node_id_.size() + 1 + payload.size());
  body.append(node_id_).append(" ").append(payload);
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    if (queue_.size() >= options_.max_queued) {
      dropped_.fetch_add(1);
      count_degraded(Degraded::kClusterMessagesDropped);
      return;
    }
    queue_.emplace_back(std::string(kChannelPrefix) + std::string(topic), std::move(body));
  }
  cv_.notify_all();
}

bool RedisBus::pause(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  return !cv_.wait_for(lock, d, [this] { return stopping_; });
}

void RedisBus::drop(uint64_t n, std::string_view why) {
  if (n == 0) return;
  dropped_.fetch_add(n);
  count_degraded(Degraded::kClusterMessagesDropped, n);
  spdlog::debug("redis: {} cluster message(s) dropped: {}", n, why);
}

void RedisBus::lost(std::string_view what, std::string_view detail) {
  count_degraded(Degraded::kRedisUnavailable);
  std::lock_guard lock(mu_);
  if (stopping_ || outage_logged_) return;
  outage_logged_ = true;
  spdlog::error(
      "redis at {} unavailable ({}: {}): cross-node messages wait, nodes fall back to polling; "
      "reconnecting with backoff",
      endpoint_text(endpoint_), what, detail);
}

void RedisBus::deliver(std::string_view channel, std::string_view body) {
  const size_t space = body.find(' ');
  if (space == std::string_view::npos) {
    drop(1, "unreadable message");
    return;
  }
  if (body.substr(0, space) == node_id_) return;  // this node acted on it already
  auto it = handlers_.find(channel);
  if (it == handlers_.end()) return;
  received_.fetch_add(1);
  it->second(body.substr(space + 1));
}

void RedisBus::subscribe_loop() {
  auto backoff = options_.min_backoff;
  bool ever_connected = false;
  std::vector<std::string> subscribe = {"SUBSCRIBE"};
  for (const auto& [channel, handler] : handlers_) subscribe.push_back(channel);
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    auto c = connect(endpoint_, options_.connect_timeout);
    Status subscribed = c.is_ok() ? Status::ok() : c.status();
    if (subscribed.is_ok() && subscribe.size() > 1) {
      std::vector<const char*> argv;
      std::vector<size_t> lens;
      for (const auto& a : subscribe) {
        argv.push_back(a.data());
        lens.push_back(a.size());
      }
      redisContext* ctx = c->get();
      if (redisAppendCommandArgv(ctx, static_cast<int>(argv.size()), argv.data(), lens.data()) != REDIS_OK)
        subscribed = unavailable(ctx->errstr);
      for (int done = 0; subscribed.is_ok() && !done;) {
        if (redisBufferWrite(ctx, &done) != REDIS_OK) subscribed = unavailable(ctx->errstr);
      }
    }
    if (!subscribed.is_ok()) {
      connected_.store(false);
      lost("connect", subscribed.message());
      if (!pause(backoff)) return;
      backoff = std::min(backoff * 2, options_.max_backoff);
      continue;
    }
    redisContext* ctx = c->get();
    connected_.store(true);
    backoff = options_.min_backoff;
    {
      std::lock_guard lock(mu_);
      if (outage_logged_) spdlog::info("redis at {} reachable again", endpoint_text(endpoint_));
      outage_logged_ = false;
    }
    if (ever_connected) {
      reconnects_.fetch_add(1);
      for (const auto& cb : on_connected_) cb();
    }
    ever_connected = true;
    std::string why;
    while (why.empty()) {
      {
        std::lock_guard lock(mu_);
        if (stopping_) return;
      }
      pollfd pfd{ctx->fd, POLLIN, 0};
      const int n = ::poll(&pfd, 1, static_cast<int>(kReadPoll.count()));
      if (n == 0) continue;
      if (n < 0) {
        if (errno == EINTR) continue;
        why = "poll failed";
        break;
      }
      if (redisBufferRead(ctx) != REDIS_OK) {
        why = ctx->errstr[0] ? ctx->errstr : "connection closed";
        break;
      }
      while (true) {
        void* raw = nullptr;
        if (redisGetReplyFromReader(ctx, &raw) != REDIS_OK) {
          why = ctx->errstr[0] ? ctx->errstr : "protocol error";
          break;
        }
        if (!raw) break;
        Reply r(static_cast<redisReply*>(raw));
        if (r->type == REDIS_REPLY_ARRAY && r->elements == 3 && r->element[0]->type == REDIS_REPLY_STRING &&
            std::string_view(r->element[0]->str, r->element[0]->len) == "message" &&
            r->element[1]->type == REDIS_REPLY_STRING && r->element[2]->type == REDIS_REPLY_STRING) {
          deliver(std::string_view(r->element[1]->str, r->element[1]->len),
                  std::string_view(r->element[2]->str, r->element[2]->len));
        }
      }
    }
    connected_.store(false);
    lost("subscription", why);
    if (!pause(backoff)) return;
  }
}

namespace {

// Pipelines one PUBLISH per message; returns how many Redis acknowledged.
// `failed`: the connection broke (the rest of the batch was not sent).
size_t publish_batch(redisContext* c, const std::deque<std::pair<std::string, std::string>>& batch, bool& failed) {
  failed = false;
  size_t appended = 0;
  for (const auto& [channel, body] : batch) {
    const char* argv[] = {"PUBLISH", channel.data(), body.data()};
    const size_t lens[] = {7, channel.size(), body.size()};
    if (redisAppendCommandArgv(c, 3, argv, lens) != REDIS_OK) {
      failed = true;
      break;
    }
    ++appended;
  }
  size_t sent = 0;
  for (size_t i = 0; i < appended && !failed; ++i) {
    void* raw = nullptr;
    if (redisGetReply(c, &raw) != REDIS_OK || !raw) {
      failed = true;
      break;
    }
    Reply r(static_cast<redisReply*>(raw));
    if (r->type != REDIS_REPLY_ERROR) ++sent;
  }
  return sent;
}

}  // namespace

void RedisBus::publish_loop() {
  auto backoff = options_.min_backoff;
  Context c;
  while (true) {
    std::deque<std::pair<std::string, std::string>> batch;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      batch.swap(queue_);
    }
    // A kept connection may have died while idle (Redis restarted): then the
    // batch is tried once more on a fresh one before anything is dropped.
    for (int attempt = 0; attempt < 2; ++attempt) {
      const bool reused = static_cast<bool>(c);
      if (!c) {
        auto fresh = connect(endpoint_, options_.connect_timeout);
        if (!fresh.is_ok()) {
          // Redis is down: what waits would be stale by the time it is back, and
          // every node catches up from storage when it reconnects.
          drop(batch.size(), "redis unavailable");
          lost("publish connect", fresh.status().message());
          if (!pause(backoff)) return;
          backoff = std::min(backoff * 2, options_.max_backoff);
          break;
        }
        c = std::move(*fresh);
        backoff = options_.min_backoff;
      }
      bool failed = false;
      const size_t sent = publish_batch(c.get(), batch, failed);
      published_.fetch_add(sent);
      if (!failed) break;
      const std::string why = c->errstr[0] ? c->errstr : "no reply";
      c.reset();
      if (reused && sent == 0 && attempt == 0) continue;
      drop(batch.size() - sent, "publish failed");
      lost("publish", why);
      break;
    }
  }
}

}  // namespace deskd::cluster
