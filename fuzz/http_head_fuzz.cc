// HTTP request heads (and bodies) as the server reads them (SPEC §7): Beast's
// request_parser configured as http/server.cc configures it, the RFC 9112
// framing check, to_request(), then step 1 of the pipeline (canonical path,
// language prefix, route match) and the header parsers the pipeline runs on
// every request (Host, Cookie, Accept-Language, query and form body).
//
// Invariants beyond "no crash": a path redirected as non-canonical redirects to
// a canonical path (no redirect loop), and a canonical path is the path the
// request carries (routing and authorization read the same string).
#include <limits>
#include <string>
#include <utility>

#include "cookies/request_cookies.h"
#include "core/config.h"
#include "fuzz_check.h"
#include "http/asio.h"
#include "http/form.h"
#include "http/framing.h"
#include "http/path.h"
#include "http/router.h"
#include "http/to_request.h"
#include "i18n/resolve.h"
#include "pipeline/own_hosts.h"

namespace {

using namespace deskd;
namespace bhttp = boost::beast::http;

// `deskd routes` of this version (the patterns only matter for the router's
// matching code; a stale list still exercises it).
constexpr std::pair<const char*, const char*> kRoutes[] = {
    {"GET", "/"},
    {"GET", "/account"},
    {"GET", "/account/sessions"},
    {"GET", "/admin/"},
    {"GET", "/admin/audit"},
    {"GET", "/admin/login"},
    {"GET", "/admin/people"},
    {"GET", "/admin/sessions"},
    {"GET", "/admin/settings"},
    {"GET", "/agent/"},
    {"GET", "/agent/chats"},
    {"GET", "/agent/comments"},
    {"GET", "/agent/kb"},
    {"GET", "/agent/kb/categories"},
    {"GET", "/agent/kb/new"},
    {"GET", "/agent/kb/{id}/edit"},
    {"GET", "/agent/login"},
    {"GET", "/agent/sessions"},
    {"GET", "/agent/tickets"},
    {"GET", "/agent/tickets/{ref}"},
    {"GET", "/agent/ws"},
    {"GET", "/change-language"},
    {"GET", "/cookies"},
    {"GET", "/healthz"},
    {"GET", "/kb"},
    {"GET", "/kb/articles/{id_slug}"},
    {"GET", "/kb/{category}"},
    {"GET", "/login"},
    {"GET", "/messenger/api/articles"},
    {"GET", "/messenger/api/chats"},
    {"GET", "/messenger/assets/{name}"},
    {"GET", "/messenger/loader.js"},
    {"GET", "/messenger/setup"},
    {"GET", "/messenger/ws"},
    {"GET", "/metrics"},
    {"GET", "/new-ticket"},
    {"GET", "/register"},
    {"GET", "/reset-password"},
    {"GET", "/reset-password/{token}"},
    {"GET", "/search"},
    {"GET", "/static/{*file}"},
    {"GET", "/tickets"},
    {"GET", "/tickets/{ref}"},
    {"GET", "/tickets/{ref}/created"},
    {"OPTIONS", "/messenger/api/articles"},
    {"OPTIONS", "/messenger/api/chats"},
    {"OPTIONS", "/messenger/api/chats/{id}/end"},
    {"OPTIONS", "/messenger/api/chats/{id}/messages"},
    {"OPTIONS", "/messenger/api/offline"},
    {"OPTIONS", "/messenger/api/visitor"},
    {"OPTIONS", "/messenger/setup"},
    {"POST", "/account/email"},
    {"POST", "/account/password"},
    {"POST", "/account/profile"},
    {"POST", "/account/remembered/{id}/forget"},
    {"POST", "/account/sessions/end-others"},
    {"POST", "/account/sessions/{row_id}/end"},
    {"POST", "/admin/login"},
    {"POST", "/admin/logout"},
    {"POST", "/admin/people"},
    {"POST", "/admin/people/{id}/disable"},
    {"POST", "/admin/people/{id}/enable"},
    {"POST", "/admin/people/{id}/role"},
    {"POST", "/admin/people/{id}/sessions/revoke-all"},
    {"POST", "/admin/remembered/{id}/revoke"},
    {"POST", "/admin/sessions/{row_id}/revoke"},
    {"POST", "/admin/settings"},
    {"POST", "/agent/comments/{id}/approve"},
    {"POST", "/agent/comments/{id}/reject"},
    {"POST", "/agent/kb/categories"},
    {"POST", "/agent/kb/new"},
    {"POST", "/agent/kb/{id}/edit"},
    {"POST", "/agent/kb/{id}/status"},
    {"POST", "/agent/login"},
    {"POST", "/agent/logout"},
    {"POST", "/agent/remembered/{id}/forget"},
    {"POST", "/agent/sessions/end-others"},
    {"POST", "/agent/sessions/{row_id}/end"},
    {"POST", "/agent/tickets/{ref}/reply"},
    {"POST", "/agent/tickets/{ref}/status"},
    {"POST", "/cookie-consent"},
    {"POST", "/kb/articles/{id}/comments"},
    {"POST", "/kb/articles/{id}/vote"},
    {"POST", "/login"},
    {"POST", "/logout"},
    {"POST", "/messenger/api/chats"},
    {"POST", "/messenger/api/chats/{id}/end"},
    {"POST", "/messenger/api/chats/{id}/messages"},
    {"POST", "/messenger/api/offline"},
    {"POST", "/messenger/api/visitor"},
    {"POST", "/new-ticket"},
    {"POST", "/register"},
    {"POST", "/reset-password"},
    {"POST", "/reset-password/{token}"},
    {"POST", "/tickets/{ref}/reply"},
};

struct World {
  http::Router<int> router;
  pipeline::OwnHosts hosts{"https://help.example.com", {"example.org", "10.0.0.1:8080"}};
  i18n::LanguageSettings langs{{"en", "da", "de"}, "en"};
  Limits limits;
  World() {
    int id = 0;
    for (const auto& [method, pattern] : kRoutes) router.add(method, pattern, id++);
    hosts.set_listen_address("127.0.0.1:8080");
  }
};

const World& world() {
  static const World w;
  return w;
}

// App::find_target's reading of a request target.
void route(const World& w, const http::Request& req) {
  const std::string_view target = req.target;
  const http::CanonicalPath canonical = http::canonicalize_path(target.substr(0, target.find('?')));
  if (canonical.form == http::PathForm::kNonCanonical) {
    // The 308 target must itself be canonical, or clients loop.
    FUZZ_CHECK(http::canonicalize_path(canonical.path).form == http::PathForm::kCanonical);
    return;
  }
  if (canonical.form == http::PathForm::kInvalid) return;
  FUZZ_CHECK(canonical.path == req.path);
  if (auto prefix = i18n::strip_language_prefix(canonical.path, w.langs)) {
    (void)w.router.find(req.method, prefix->rest);
  } else {
    (void)w.router.find(req.method, canonical.path);
  }
}

void read_headers(const World& w, const http::Request& req) {
  (void)w.hosts.admits(req.header("Host"));
  (void)cookies::RequestCookies::parse(req.header_values("Cookie"));
  if (auto lang = i18n::negotiate(req.header("Accept-Language"), w.langs))
    FUZZ_CHECK(*lang == "en" || *lang == "da" || *lang == "de");
  (void)http::parse_urlencoded(req.query);
  if (http::iequals(req.header("Content-Type"), "application/x-www-form-urlencoded"))
    (void)http::parse_urlencoded(req.body);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const World& w = world();
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(w.limits.max_header_bytes));
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  boost::beast::error_code ec;
  boost::asio::const_buffer input(data, size);

  // The head arrives whole or not at all (the server would wait for more).
  input += parser.put(input, ec);
  if (ec || !parser.is_header_done()) return 0;

  auto& head = parser.get();
  http::Request probe;
  probe.method = std::string(head.method_string());
  probe.target = std::string(head.target());
  probe.path = probe.target.substr(0, probe.target.find('?'));
  for (const auto& f : head) probe.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
  if (http::check_framing(head.version(), probe.headers) != http::FramingError::kNone) return 0;

  parser.body_limit(w.limits.max_form_body_bytes);
  if (auto cl = parser.content_length(); cl && *cl > w.limits.max_form_body_bytes) return 0;
  // The body: whatever follows the head, then the end of the stream.
  while (!parser.is_done()) {
    const size_t used = input.size() ? parser.put(input, ec) : 0;
    input += used;
    if (ec == bhttp::error::need_more) ec = {};
    if (ec) return 0;
    if (used == 0) {  // no more bytes, or not enough for the next step
      parser.put_eof(ec);
      if (ec) return 0;
      break;
    }
  }
  if (!parser.is_done()) return 0;

  const http::Request req = http::to_request(parser.release(), "127.0.0.1", 0);
  route(w, req);
  read_headers(w, req);
  return 0;
}
