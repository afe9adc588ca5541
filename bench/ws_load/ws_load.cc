// ws_load: Messenger load client (docs/messenger.md). N guests each get a
// visitor id and start a chat over HTTP, then hold /messenger/ws; A agent
// sockets (one account, signed in at /agent/login) hold /agent/ws, split the
// chats between them (chat id mod A), accept them and answer every guest
// message. Once everyone is connected, each guest posts a message at a steady
// rate (POST /messenger/api/chats/{id}/messages over a pool of keep-alive
// connections). Reports connections held, messages/s, delivery latency p50/p99
// in both directions, and deskd's RSS per connection (with --pid).
//
//   ws_load --url http://127.0.0.1:8080 --agent-email E --agent-password P
//           [--agent-url http://127.0.0.1:8081] [--guests 5000] [--agents 4]
//           [--interval 10] [--duration 30] [--http-conns 32] [--pid PID]
//           [--json FILE]
//
// --agent-url (default: --url) signs the agents in and holds their sockets on
// another node of the same helpdesk, so every message crosses nodes (guest on
// node A, agent on node B: bench/cluster.sh).
//
// One thread, Asio coroutines. Raise `ulimit -n` above guests + 100 first.

// Asio 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  std::string host = "127.0.0.1";
  std::string port = "8080";
  std::string agent_host;  // --agent-url; empty = host/port
  std::string agent_port;
  std::string agent_email;
  std::string agent_password;
  int guests = 5000;
  int agents = 4;
  double interval_s = 10;  // seconds between two messages of one guest
  double duration_s = 30;  // measured phase
  int http_conns = 32;
  int setup_parallel = 64;
  long pid = 0;
  std::string json_path;
};

int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now().time_since_epoch()).count();
}

long rss_kb(long pid) {
  if (pid <= 0) return 0;
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  return 0;
}

// Tiny JSON field readers: the frames deskd sends are flat enough for these.
std::string json_string(const std::string& s, const std::string& key) {
  const std::string k = "\"" + key + "\":\"";
  size_t at = s.find(k);
  if (at == std::string::npos) return {};
  at += k.size();
  std::string out;
  for (; at < s.size() && s[at] != '"'; ++at) {
    if (s[at] == '\\' && at + 1 < s.size()) ++at;
    out += s[at];
  }
  return out;
}
int64_t json_int(const std::string& s, const std::string& key, size_t from = 0) {
  const std::string k = "\"" + key + "\":";
  size_t at = s.find(k, from);
  if (at == std::string::npos) return -1;
  return std::strtoll(s.c_str() + at + k.size(), nullptr, 10);
}

struct Stats {
  std::vector<double> guest_to_agent_ms;
  std::vector<double> agent_to_guest_ms;
  uint64_t guest_sent = 0, guest_send_errors = 0, agent_sent = 0;
  uint64_t delivered_to_agents = 0, delivered_to_guests = 0;
  int guests_connected = 0, guests_open = 0, guests_failed = 0, agents_open = 0, agent_reconnects = 0;
  bool measuring = false;
};
Stats stats;
Options opt;

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * (v.size() - 1));
  return v[i];
}

// --- HTTP pool ----------------------------------------------------------------

struct HttpJob {
  http::verb method;
  std::string target;
  std::string body;
  std::string origin;
  std::function<void(int status, const std::string& body)> done;
};

class HttpPool {
 public:
  explicit HttpPool(asio::io_context& io) : io_(io), wake_(io) {
    wake_.expires_at(asio::steady_timer::time_point::max());
  }
  void start(int conns) {
    for (int i = 0; i < conns; ++i) asio::co_spawn(io_, worker(), asio::detached);
  }
  void submit(HttpJob job) {
    jobs_.push_back(std::move(job));
    wake_.cancel_one();
  }
  size_t backlog() const { return jobs_.size(); }

 private:
  awaitable<void> worker() {
    tcp::resolver resolver(io_);
    auto endpoints = co_await resolver.async_resolve(opt.host, opt.port, use_awaitable);
    std::unique_ptr<beast::tcp_stream> stream;
    beast::flat_buffer buffer;
    for (;;) {
      while (jobs_.empty()) {
        beast::error_code ec;
        co_await wake_.async_wait(asio::redirect_error(use_awaitable, ec));
      }
      HttpJob job = std::move(jobs_.front());
      jobs_.pop_front();
      int status = 0;
      std::string body;
      for (int attempt = 0; attempt < 2 && status == 0; ++attempt) {
        beast::error_code ec;
        if (!stream) {
          stream = std::make_unique<beast::tcp_stream>(io_);
          co_await stream->async_connect(endpoints, asio::redirect_error(use_awaitable, ec));
          if (ec) {
            stream.reset();
            continue;
          }
          buffer.clear();
        }
        http::request<http::string_body> req{job.method, job.target, 11};
        req.set(http::field::host, opt.host + ":" + opt.port);
        req.set(http::field::origin, job.origin);
        req.set("X-DP-Visitor", "");
        auto sep = job.target.find('\x01');
        if (sep != std::string::npos) {
          req.target(job.target.substr(0, sep));
          req.set("X-DP-Visitor", job.target.substr(sep + 1));
        }
        if (!job.body.empty()) {
          req.set(http::field::content_type, "application/json");
          req.body() = job.body;
        }
        req.prepare_payload();
        req.keep_alive(true);
        co_await http::async_write(*stream, req, asio::redirect_error(use_awaitable, ec));
        http::response<http::string_body> res;
        if (!ec) co_await http::async_read(*stream, buffer, res, asio::redirect_error(use_awaitable, ec));
        if (ec) {
          stream.reset();
          continue;
        }
        status = res.result_int();
        body = std::move(res.body());
        if (!res.keep_alive()) stream.reset();
      }
      job.done(status, body);
    }
  }

  asio::io_context& io_;
  asio::steady_timer wake_;
  std::deque<HttpJob> jobs_;
};

std::string origin() {
  return "http://" + opt.host + ":" + opt.port;
}

std::string agent_origin() {
  return "http://" + opt.agent_host + ":" + opt.agent_port;
}

// Runs one request on the pool and resumes with (status, body).
awaitable<std::pair<int, std::string>> call(HttpPool& pool, http::verb method, std::string target, std::string visitor,
                                            std::string body) {
  auto exec = co_await asio::this_coro::executor;
  asio::steady_timer done(exec);
  done.expires_at(asio::steady_timer::time_point::max());
  std::pair<int, std::string> out;
  bool finished = false;
  pool.submit({method, visitor.empty() ? target : target + '\x01' + visitor, std::move(body), origin(),
               [&](int s, const std::string& b) {
                 out = {s, b};
                 finished = true;
                 done.cancel();
               }});
  while (!finished) {
    beast::error_code ec;
    co_await done.async_wait(asio::redirect_error(use_awaitable, ec));
  }
  co_return out;
}

// --- WebSocket with a serialized writer -------------------------------------------

struct Socket {
  explicit Socket(asio::io_context& io) : ws(io), wake(io) { wake.expires_at(asio::steady_timer::time_point::max()); }
  websocket::stream<beast::tcp_stream> ws;
  asio::steady_timer wake;
  std::deque<std::string> out;
  bool open = false;
  void send(std::string text) {
    out.push_back(std::move(text));
    wake.cancel_one();
  }
};

awaitable<void> writer(std::shared_ptr<Socket> s) {
  while (s->open) {
    while (s->out.empty() && s->open) {
      beast::error_code ec;
      co_await s->wake.async_wait(asio::redirect_error(use_awaitable, ec));
    }
    if (!s->open) break;
    std::string text = std::move(s->out.front());
    s->out.pop_front();
    beast::error_code ec;
    co_await s->ws.async_write(asio::buffer(text), asio::redirect_error(use_awaitable, ec));
    if (ec) s->open = false;
  }
}

// `agent`: the socket goes to --agent-url, else to --url.
awaitable<bool> ws_connect(Socket& s, const std::string& target, const std::string& cookie, bool agent) {
  const std::string& host = agent ? opt.agent_host : opt.host;
  const std::string& port = agent ? opt.agent_port : opt.port;
  const std::string from = agent ? agent_origin() : origin();
  tcp::resolver resolver(s.ws.get_executor());
  beast::error_code ec;
  auto endpoints = co_await resolver.async_resolve(host, port, asio::redirect_error(use_awaitable, ec));
  if (ec) co_return false;
  beast::get_lowest_layer(s.ws).expires_after(std::chrono::seconds(30));
  co_await beast::get_lowest_layer(s.ws).async_connect(endpoints, asio::redirect_error(use_awaitable, ec));
  if (ec) co_return false;
  beast::get_lowest_layer(s.ws).expires_never();
  s.ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
  s.ws.set_option(websocket::stream_base::decorator([cookie, from](websocket::request_type& req) {
    req.set(http::field::origin, from);
    if (!cookie.empty()) req.set(http::field::cookie, cookie);
  }));
  co_await s.ws.async_handshake(host + ":" + port, target, asio::redirect_error(use_awaitable, ec));
  if (ec) co_return false;
  s.open = true;
  co_return true;
}

// --- agents -----------------------------------------------------------------------

// Signs in like a browser at --agent-url: GET /agent/login for the CSRF cookie
// and token, POST it.
std::string agent_login(asio::io_context& io) {
  tcp::resolver resolver(io);
  auto endpoints = resolver.resolve(opt.agent_host, opt.agent_port);
  std::map<std::string, std::string> jar;
  auto absorb = [&](const http::response<http::string_body>& res) {
    for (const auto& f : res.base()) {
      if (f.name() != http::field::set_cookie) continue;
      std::string line(f.value());
      auto eq = line.find('='), semi = line.find(';');
      jar[line.substr(0, eq)] = line.substr(eq + 1, semi - eq - 1);
    }
  };
  auto cookie = [&] {
    std::string c;
    for (const auto& [k, v] : jar) c += (c.empty() ? "" : "; ") + k + "=" + v;
    return c;
  };
  auto roundtrip = [&](http::request<http::string_body> req) {
    beast::tcp_stream stream(io);
    stream.connect(endpoints);
    req.set(http::field::host, opt.agent_host + ":" + opt.agent_port);
    if (!jar.empty()) req.set(http::field::cookie, cookie());
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::read(stream, buf, res);
    absorb(res);
    return res;
  };
  auto page = roundtrip(http::request<http::string_body>{http::verb::get, "/agent/login", 11});
  std::smatch m;
  std::regex token_re("name=\"_dp_csrf_token\" value=\"([^\"]+)\"");
  if (!std::regex_search(page.body(), m, token_re)) throw std::runtime_error("no CSRF token on /agent/login");
  auto enc = [](const std::string& s) {
    std::string o;
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
        o += static_cast<char>(c);
      } else {
        char b[4];
        std::snprintf(b, sizeof b, "%%%02X", c);
        o += b;
      }
    }
    return o;
  };
  http::request<http::string_body> post{http::verb::post, "/agent/login", 11};
  post.set(http::field::content_type, "application/x-www-form-urlencoded");
  post.set(http::field::origin, agent_origin());
  post.body() =
      "email=" + enc(opt.agent_email) + "&password=" + enc(opt.agent_password) + "&_dp_csrf_token=" + enc(m[1].str());
  auto res = roundtrip(post);
  if (res.result_int() != 303) throw std::runtime_error("agent login answered " + std::to_string(res.result_int()));
  return cookie();
}

// One agent socket; reconnects like the console does when deskd drops it
// (e.g. 1008 when it fell behind), and gets the queue again on connect.
awaitable<void> agent_session(asio::io_context& io, int index, const std::string& cookie, uint64_t& replies);

awaitable<void> run_agent(asio::io_context& io, int index, std::string cookie) {
  uint64_t replies = 0;
  for (int attempt = 0;; ++attempt) {
    if (attempt > 0) {
      ++stats.agent_reconnects;
      asio::steady_timer pause(io);
      pause.expires_after(std::chrono::milliseconds(500));
      co_await pause.async_wait(use_awaitable);
    }
    co_await agent_session(io, index, cookie, replies);
  }
}

awaitable<void> agent_session(asio::io_context& io, int index, const std::string& cookie, uint64_t& replies) {
  auto s = std::make_shared<Socket>(io);
  if (!co_await ws_connect(*s, "/agent/ws", cookie, true)) {
    std::cerr << "agent " << index << " could not connect\n";
    co_return;
  }
  ++stats.agents_open;
  asio::co_spawn(io, writer(s), asio::detached);
  beast::flat_buffer buffer;
  std::set<int64_t> asked;
  auto maybe_accept = [&](int64_t chat_id) {
    if (chat_id > 0 && chat_id % opt.agents == index && asked.insert(chat_id).second)
      s->send("{\"type\":\"accept\",\"chat_id\":" + std::to_string(chat_id) + "}");
  };
  for (;;) {
    beast::error_code ec;
    co_await s->ws.async_read(buffer, asio::redirect_error(use_awaitable, ec));
    if (ec) {
      std::cerr << "agent " << index << " socket ended: " << ec.message() << " (close " << s->ws.reason().code << ")\n";
      break;
    }
    std::string f = beast::buffers_to_string(buffer.data());
    buffer.consume(buffer.size());
    const std::string type = json_string(f, "type");
    if (type == "queue") {
      // Each chat's id precedes its "messages" array (keys are sorted).
      for (size_t at = f.find("\"messages\""); at != std::string::npos; at = f.find("\"messages\"", at + 1)) {
        size_t id_at = f.rfind("\"id\":", at);
        if (id_at != std::string::npos) maybe_accept(std::strtoll(f.c_str() + id_at + 5, nullptr, 10));
      }
    } else if (type == "queued") {
      // {"chat":{...,"id":N,...,"messages":[...]},...}: the chat's id precedes its messages.
      size_t msgs = f.find("\"messages\"");
      std::string head = f.substr(0, msgs);
      size_t id_at = head.rfind("\"id\":");
      if (id_at != std::string::npos) maybe_accept(std::strtoll(head.c_str() + id_at + 5, nullptr, 10));
    } else if (type == "message" && json_string(f, "author") == "visitor") {
      // Every socket of the (shared) agent account hears every message; the
      // socket that accepted the chat answers it.
      const int64_t chat_id = json_int(f, "chat_id");
      if (chat_id % opt.agents != index) continue;
      const std::string body = json_string(f, "body");
      auto t = body.rfind("t=");
      if (t != std::string::npos && stats.measuring) {
        stats.guest_to_agent_ms.push_back((now_us() - std::strtoll(body.c_str() + t + 2, nullptr, 10)) / 1000.0);
        ++stats.delivered_to_agents;
      }
      if (t != std::string::npos) {
        s->send("{\"type\":\"message\",\"chat_id\":" + std::to_string(chat_id) +
                ",\"body\":\"re t=" + std::to_string(now_us()) + "\",\"client_id\":\"a" + std::to_string(index) + "-" +
                std::to_string(++replies) + "\"}");
        if (stats.measuring) ++stats.agent_sent;
      }
    }
  }
  --stats.agents_open;
  s->open = false;
  s->wake.cancel();
}

// --- guests ------------------------------------------------------------------------

struct Guest {
  std::string visitor;
  int64_t chat_id = 0;
  std::shared_ptr<Socket> socket;
};

awaitable<void> guest_reader(std::shared_ptr<Socket> s) {
  beast::flat_buffer buffer;
  for (;;) {
    beast::error_code ec;
    co_await s->ws.async_read(buffer, asio::redirect_error(use_awaitable, ec));
    if (ec) break;
    std::string f = beast::buffers_to_string(buffer.data());
    buffer.consume(buffer.size());
    if (json_string(f, "type") == "message" && json_string(f, "author") == "agent") {
      const std::string body = json_string(f, "body");
      auto t = body.rfind("t=");
      if (t != std::string::npos && stats.measuring) {
        stats.agent_to_guest_ms.push_back((now_us() - std::strtoll(body.c_str() + t + 2, nullptr, 10)) / 1000.0);
        ++stats.delivered_to_guests;
      }
    }
  }
  s->open = false;
  --stats.guests_open;
}

awaitable<void> setup_guest(asio::io_context& io, HttpPool& pool, Guest& g, int index) {
  auto [st, body] = co_await call(pool, http::verb::post, "/messenger/api/visitor", "", "");
  g.visitor = json_string(body, "visitor");
  if (st != 200 || g.visitor.empty()) {
    ++stats.guests_failed;
    co_return;
  }
  auto [st2, body2] = co_await call(pool, http::verb::post, "/messenger/api/chats", g.visitor,
                                    "{\"name\":\"Guest " + std::to_string(index) + "\",\"message\":\"hello\"}");
  g.chat_id = json_int(body2, "id");
  if (st2 != 201 || g.chat_id <= 0) {
    ++stats.guests_failed;
    co_return;
  }
  g.socket = std::make_shared<Socket>(io);
  if (!co_await ws_connect(*g.socket, "/messenger/ws?visitor=" + g.visitor, "", false)) {
    ++stats.guests_failed;
    co_return;
  }
  ++stats.guests_connected;
  ++stats.guests_open;
  asio::co_spawn(io, guest_reader(g.socket), asio::detached);
}

awaitable<void> setup_worker(asio::io_context& io, HttpPool& pool, std::vector<Guest>& guests, int& next) {
  while (next < static_cast<int>(guests.size())) {
    int i = next++;
    co_await setup_guest(io, pool, guests[i], i);
  }
}

awaitable<void> guest_sender(asio::io_context& io, HttpPool& pool, Guest& g, Clock::time_point end, double phase) {
  asio::steady_timer timer(io);
  auto next = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(phase));
  uint64_t seq = 0;
  while (next < end && g.socket && g.socket->open) {
    timer.expires_at(next);
    co_await timer.async_wait(use_awaitable);
    ++seq;
    std::string body = "{\"body\":\"q" + std::to_string(seq) + " t=" + std::to_string(now_us()) +
                       "\",\"client_id\":\"g" + std::to_string(seq) + "\"}";
    ++stats.guest_sent;
    pool.submit({http::verb::post, "/messenger/api/chats/" + std::to_string(g.chat_id) + "/messages\x01" + g.visitor,
                 std::move(body), origin(), [](int status, const std::string&) {
                   if (status != 201) ++stats.guest_send_errors;
                 }});
    next += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(opt.interval_s));
  }
}

awaitable<void> run(asio::io_context& io) {
  HttpPool pool(io);
  pool.start(opt.http_conns);
  const std::string cookie = agent_login(io);
  for (int a = 0; a < opt.agents; ++a) asio::co_spawn(io, run_agent(io, a, cookie), asio::detached);

  const long rss_before = rss_kb(opt.pid);
  std::vector<Guest> guests(opt.guests);
  const auto setup_start = Clock::now();
  int next = 0;
  int workers = std::min(opt.setup_parallel, opt.guests);
  auto remaining = std::make_shared<int>(workers);
  asio::steady_timer setup_done(io);
  setup_done.expires_at(asio::steady_timer::time_point::max());
  for (int w = 0; w < workers; ++w) {
    asio::co_spawn(io, setup_worker(io, pool, guests, next), [&, remaining](std::exception_ptr) {
      if (--*remaining == 0) setup_done.cancel();
    });
  }
  {
    beast::error_code ec;
    co_await setup_done.async_wait(asio::redirect_error(use_awaitable, ec));
  }
  const double setup_s = std::chrono::duration<double>(Clock::now() - setup_start).count();
  asio::steady_timer settle(io);
  settle.expires_after(std::chrono::seconds(2));
  co_await settle.async_wait(use_awaitable);
  const long rss_connected = rss_kb(opt.pid);
  std::cerr << "connected " << stats.guests_connected << "/" << opt.guests << " guests in " << setup_s << " s ("
            << stats.guests_failed << " failed); agents " << stats.agents_open << "\n";

  stats.measuring = true;
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(opt.duration_s));
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> phase(0, opt.interval_s);
  for (auto& g : guests)
    if (g.socket) asio::co_spawn(io, guest_sender(io, pool, g, end, phase(rng)), asio::detached);
  asio::steady_timer timer(io);
  timer.expires_at(end + std::chrono::seconds(2));  // let the last answers arrive
  co_await timer.async_wait(use_awaitable);
  stats.measuring = false;
  const double secs = opt.duration_s;
  const long rss_after = rss_kb(opt.pid);

  std::ostringstream json;
  json.setf(std::ios::fixed);
  json.precision(2);
  json << "{\"guests\":" << opt.guests << ",\"agents\":" << opt.agents << ",\"interval_s\":" << opt.interval_s
       << ",\"duration_s\":" << secs << ",\"setup_s\":" << setup_s << ",\"connections_held\":" << stats.guests_open
       << ",\"guests_failed\":" << stats.guests_failed << ",\"guest_messages_sent\":" << stats.guest_sent
       << ",\"guest_send_errors\":" << stats.guest_send_errors
       << ",\"delivered_to_agents\":" << stats.delivered_to_agents << ",\"agent_reconnects\":" << stats.agent_reconnects
       << ",\"agent_messages_sent\":" << stats.agent_sent << ",\"delivered_to_guests\":" << stats.delivered_to_guests
       << ",\"messages_per_s\":" << (stats.delivered_to_agents + stats.delivered_to_guests) / secs
       << ",\"guest_to_agent_p50_ms\":" << percentile(stats.guest_to_agent_ms, 0.50)
       << ",\"guest_to_agent_p99_ms\":" << percentile(stats.guest_to_agent_ms, 0.99)
       << ",\"agent_to_guest_p50_ms\":" << percentile(stats.agent_to_guest_ms, 0.50)
       << ",\"agent_to_guest_p99_ms\":" << percentile(stats.agent_to_guest_ms, 0.99)
       << ",\"deskd_rss_before_kb\":" << rss_before << ",\"deskd_rss_connected_kb\":" << rss_connected
       << ",\"deskd_rss_after_kb\":" << rss_after << ",\"rss_per_connection_kb\":"
       << (stats.guests_connected ? double(rss_connected - rss_before) / stats.guests_connected : 0.0) << "}";
  std::cout << json.str() << std::endl;
  if (!opt.json_path.empty()) std::ofstream(opt.json_path) << json.str() << "\n";
  io.stop();
}

bool parse(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--url") {
      std::smatch m;
      std::string url = value();
      if (!std::regex_match(url, m, std::regex("http://([^:/]+):(\\d+)/?")))
        throw std::runtime_error("--url http://HOST:PORT");
      opt.host = m[1];
      opt.port = m[2];
    } else if (a == "--agent-url") {
      std::smatch m;
      std::string url = value();
      if (!std::regex_match(url, m, std::regex("http://([^:/]+):(\\d+)/?")))
        throw std::runtime_error("--agent-url http://HOST:PORT");
      opt.agent_host = m[1];
      opt.agent_port = m[2];
    } else if (a == "--guests") {
      opt.guests = std::stoi(value());
    } else if (a == "--agents") {
      opt.agents = std::stoi(value());
    } else if (a == "--interval") {
      opt.interval_s = std::stod(value());
    } else if (a == "--duration") {
      opt.duration_s = std::stod(value());
    } else if (a == "--http-conns") {
      opt.http_conns = std::stoi(value());
    } else if (a == "--pid") {
      opt.pid = std::stol(value());
    } else if (a == "--agent-email") {
      opt.agent_email = value();
    } else if (a == "--agent-password") {
      opt.agent_password = value();
    } else if (a == "--json") {
      opt.json_path = value();
    } else {
      std::cerr
          << "usage: ws_load --url http://HOST:PORT --agent-email E --agent-password P [--agent-url URL]\n"
             "               [--guests N] [--agents A] [--interval S] [--duration S] [--http-conns C] [--pid PID]\n"
             "               [--json FILE]\n";
      return false;
    }
  }
  if (opt.agent_host.empty()) {
    opt.agent_host = opt.host;
    opt.agent_port = opt.port;
  }
  return !opt.agent_email.empty() && opt.guests > 0 && opt.agents > 0 && opt.interval_s > 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (!parse(argc, argv)) return 2;
    asio::io_context io(1);
    asio::co_spawn(io, run(io), [](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        std::cerr << "ws_load: " << ex.what() << "\n";
        std::exit(1);
      }
    });
    io.run();
  } catch (const std::exception& e) {
    std::cerr << "ws_load: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
