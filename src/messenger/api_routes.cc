// The Messenger HTTP API (docs/messenger.md, "HTTP API"): JSON over CORS, the
// visitor identified by X-DP-Visitor.
#include <spdlog/spdlog.h>

#include "core/crypto.h"
#include "core/log_text.h"
#include "helpcenter/tickets.h"
#include "http/form.h"
#include "messenger/cors.h"
#include "messenger/messenger.h"
#include "messenger/wire.h"
#include "security/rate_limit.h"

namespace deskd::messenger {
namespace {

using nlohmann::json;
using pipeline::Area;
using pipeline::RequestContext;

// Bodies up to this size reach the handler, which answers 413 JSON above
// kMaxJsonBytes (the connection layer's own 413 would be an HTML page).
constexpr size_t kRouteBodyLimit = 64 * 1024;
constexpr size_t kMaxQueryChars = 200;
constexpr int kArticleHits = 5;

void answer_status(RequestContext& ctx, const Status& s) {
  const int http = http_status_of(s.code());
  switch (s.code()) {
    case Code::kNotFound: write_error(ctx, http, "not_found", "No such chat."); return;
    case Code::kConflict: write_error(ctx, http, "chat_ended", "This chat has ended."); return;
    case Code::kInvalidArgument: write_error(ctx, http, "invalid", s.message()); return;
    case Code::kUnauthenticated: write_error(ctx, http, "sign_in", s.message()); return;
    case Code::kPermissionDenied: write_error(ctx, http, "forbidden", s.message()); return;
    case Code::kResourceExhausted:
      write_error(ctx, http, "too_many_chats",
                  ctx.t(s.message() == storage::kOpenChatsPerClient ? "messenger.api.too_many_chats_network"
                                                                    : "messenger.api.too_many_chats"));
      return;
    case Code::kUnavailable: write_error(ctx, http, "unavailable", "Please try again."); return;
    default:
      spdlog::error("messenger {} {}: {}", log_text(ctx.req.method), log_text(ctx.path), s.to_string());
      write_json(ctx, http, json{{"error", "internal"}, {"message", "Something went wrong."}});
  }
}

// Consumes one event of `limiter` for `key` (by default the client's
// address); false after answering 429 rate_limited with `message_key`'s text
// and Retry-After (readable by the widget).
bool within_limit(RequestContext& ctx, security::RateLimiter& limiter, std::string_view key = {},
                  std::string_view message_key = "messenger.api.rate_limited") {
  const std::string address = key.empty() ? security::client_address_key(ctx.client_ip) : std::string();
  const security::RateDecision d = limiter.hit(key.empty() ? std::string_view(address) : key);
  if (d.allowed) return true;
  write_json(ctx, 429,
             json{{"error", "rate_limited"}, {"message", ctx.t(message_key)}, {"retry_after_s", d.retry_after_s()}});
  ctx.res.set_header("Retry-After", std::to_string(d.retry_after_s()));
  ctx.res.set_header("Access-Control-Expose-Headers", "Retry-After");
  return false;
}

// The request's visitor id, or nullopt after answering 400: only an id the
// server issued passes (its MAC is checked), whatever Origin or Host claim.
std::optional<std::string> visitor_of(Runtime& rt, RequestContext& ctx) {
  std::string_view v = ctx.req.header("X-DP-Visitor");
  if (!rt.svc.visitor_tokens.valid(v)) {
    write_error(ctx, 400, "visitor", "X-DP-Visitor must be the visitor id the server issued.");
    return std::nullopt;
  }
  return std::string(v);
}

// The JSON object body, or nullopt after answering 413/415/400.
std::optional<json> body_of(RequestContext& ctx, bool empty_ok = false) {
  if (ctx.req.body.size() > kMaxJsonBytes) {
    write_error(ctx, 413, "too_large", "The request body is larger than 16 KiB.");
    return std::nullopt;
  }
  if (ctx.req.body.empty() && empty_ok) return json::object();
  if (!ctx.req.header("Content-Type").starts_with("application/json")) {
    write_error(ctx, 415, "content_type", "Send application/json.");
    return std::nullopt;
  }
  auto j = parse_object(ctx.req.body);
  if (!j) write_error(ctx, 400, "bad_json", "The body is not a JSON object.");
  return j;
}

std::optional<int64_t> chat_id_of(RequestContext& ctx) {
  auto id = http::parse_positive_id(ctx.params["id"]);
  if (!id) write_error(ctx, 404, "not_found", "No such chat.");
  return id;
}

bool plausible_email(std::string_view e) {
  const size_t at = e.find('@');
  return e.size() <= kMaxEmailBytes && at != std::string_view::npos && at > 0 && at + 1 < e.size() &&
         e.find(' ') == std::string_view::npos;
}

// Issuing writes nothing: the id carries its own proof (security/visitor_token.h),
// and the visitor is recorded when it starts a chat.
void issue_visitor(Runtime& rt, RequestContext& ctx) {
  if (!apply_cors(ctx)) return;
  if (!within_limit(ctx, rt.svc.rate_limits.visitor_ids)) return;
  write_json(ctx, 200, json{{"visitor", rt.svc.visitor_tokens.issue(rt.svc.random)}});
}

void list_chats(Runtime& rt, RequestContext& ctx) {
  if (!apply_cors(ctx)) return;
  auto visitor = visitor_of(rt, ctx);
  if (!visitor) return;
  auto chats = rt.chats.visitor_chats(*visitor);
  if (!chats.is_ok()) return answer_status(ctx, chats.status());
  write_json(ctx, 200, json{{"chats", std::move(*chats)}});
}

void start_chat(Runtime& rt, RequestContext& ctx) {
  if (!apply_cors(ctx)) return;
  auto visitor = visitor_of(rt, ctx);
  if (!visitor) return;
  auto body = body_of(ctx);
  if (!body) return;
  auto name = string_member(*body, "name");
  auto email = string_member(*body, "email");
  auto message = string_member(*body, "message");
  auto client_id = string_member(*body, "client_id");
  StartChat in;
  in.visitor_id = *visitor;
  in.lang = ctx.lang;
  if (!name || !(name = clean_line(*name, kMaxNameChars))) return write_error(ctx, 400, "name", "The name is invalid.");
  if (!email || !(email = clean_line(*email, kMaxEmailBytes)) || (!email->empty() && !plausible_email(*email)))
    return write_error(ctx, 400, "email", "The e-mail address is invalid.");
  auto text = message ? clean_body(*message) : std::nullopt;
  if (!text) return write_error(ctx, 400, "message", "A message has 1 to 5000 characters.");
  if (!client_id || !valid_client_id(*client_id)) return write_error(ctx, 400, "client_id", "Invalid client_id.");
  in.name = std::move(*name);
  in.email = std::move(*email);
  in.body = std::move(*text);
  in.client_id = std::move(*client_id);
  const std::string address = security::client_address_key(ctx.client_ip);
  in.client_key = hash_hex(address).substr(0, 32);
  if (!within_limit(ctx, rt.svc.rate_limits.chat_starts)) return;
  if (Status s = rt.svc.storage.chats().register_visitor(*visitor, rt.svc.clock.now_ms()); !s.is_ok())
    return answer_status(ctx, s);
  auto chat = rt.chats.start(in);
  if (!chat.is_ok()) return answer_status(ctx, chat.status());
  write_json(ctx, 201, json{{"chat", std::move(*chat)}});
}

void post_message(Runtime& rt, RequestContext& ctx) {
  if (!apply_cors(ctx)) return;
  auto visitor = visitor_of(rt, ctx);
  if (!visitor) return;
  auto id = chat_id_of(ctx);
  if (!id) return;
  auto body = body_of(ctx);
  if (!body) return;
  auto raw = string_member(*body, "body");
  auto client_id = string_member(*body, "client_id");
  auto text = raw ? clean_body(*raw) : std::nullopt;
  if (!text) return write_error(ctx, 400, "body", "A message has 1 to 5000 characters.");
  if (!client_id || !valid_client_id(*client_id)) return write_error(ctx, 400, "client_id", "Invalid client_id.");
  // Each message is stored and, while the chat is queued, sent to every agent.
  if (!within_limit(ctx, rt.svc.rate_limits.chat_messages, *visitor, "messenger.api.too_fast")) return;
  auto stored = rt.chats.visitor_message(*visitor, *id, std::move(*text), std::move(*client_id));
  if (!stored.is_ok()) return answer_status(ctx, stored.status());
  write_json(ctx, 201, json{{"message", message_json(*stored)}});
}

void end_chat(Runtime& rt, RequestContext& ctx) {
  if (!apply_cors(ctx)) return;
  auto visitor = visitor_of(rt, ctx);
  if (!visitor) return;
  auto id = chat_id_of(ctx);
  if (!id) return;
  if (!body_of(ctx, true)) return;
  auto chat = rt.chats.visitor_end(*visitor, *id);
  if (!chat.is_ok()) return answer_status(ctx, chat.status());
  write_json(ctx, 200, json{{"chat", chat_json(*chat, "", Audience::kVisitor)}});
}

void offline(Runtime& rt, RequestContext& ctx) {
  if (!apply_cors(ctx)) return;
  auto body = body_of(ctx);
  if (!body) return;
  helpcenter::NewTicketInput in;
  auto name = string_member(*body, "name");
  auto email = string_member(*body, "email");
  auto subject = string_member(*body, "subject");
  auto message = string_member(*body, "message");
  if (!name || !email || !subject || !message) return write_error(ctx, 400, "invalid", "Fields must be strings.");
  in.name = std::move(*name);
  in.email = std::move(*email);
  in.message = std::move(*message);
  in.subject = subject->empty() ? rt.svc.catalogs.text(ctx.lang, "messenger.offline_subject") : std::move(*subject);
  in.lang = ctx.lang;
  in.source = "messenger";
  in.channel = storage::TicketChannel::kChat;
  in.origin = ctx.public_origin;
  if (std::string_view v = ctx.req.header("X-DP-Visitor"); rt.svc.visitor_tokens.valid(v))
    in.visitor_id = std::string(v);
  auto invalid = [&](std::string_view key) {
    const std::string field(key.substr(key.rfind('.') + 1));
    write_error(ctx, 400, field, ctx.t(key));
  };
  // Mistakes cost nothing; each ticket (and its confirmation mail) counts
  // against the address's ticket limit, shared with the contact form.
  if (std::string_view problem = helpcenter::ticket_input_problem(in); !problem.empty()) return invalid(problem);
  if (!within_limit(ctx, rt.svc.rate_limits.tickets)) return;
  auto ticket = helpcenter::create_ticket(rt.svc, in);
  if (!ticket.is_ok()) {
    if (ticket.status().code() == Code::kInvalidArgument) return invalid(ticket.status().message());
    return answer_status(ctx, ticket.status());
  }
  write_json(ctx, 201, json{{"ticket", {{"ref", ticket->ref}}}});
}

std::string strip_marks(std::string text) {
  for (std::string_view mark : {storage::kKbMarkOpen, storage::kKbMarkClose}) {
    for (size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at)) text.erase(at, mark.size());
  }
  return text;
}

void articles(Runtime& rt, RequestContext& ctx) {
  if (!apply_cors(ctx)) return;
  std::string_view q = ctx.query.get("q");
  json list = json::array();
  if (!q.empty() && utf8_length(q) <= kMaxQueryChars) {
    auto hits = rt.svc.storage.kb().search(ctx.lang, q, kArticleHits, 0);
    if (!hits.is_ok()) return answer_status(ctx, hits.status());
    const std::string prefix = ctx.lang == ctx.settings->default_language ? "" : "/" + ctx.lang;
    for (const auto& h : *hits) {
      list.push_back(
          {{"title", strip_marks(h.title)},
           {"url", ctx.public_origin + prefix + "/kb/articles/" + std::to_string(h.article_id) + "-" + h.slug},
           {"snippet", strip_marks(h.snippet)}});
    }
  }
  write_json(ctx, 200, json{{"articles", std::move(list)}});
}

}  // namespace

void register_api_routes(pipeline::App& app, Runtime& rt) {
  auto post = [&](std::string pattern, void (*fn)(Runtime&, RequestContext&)) {
    pipeline::Route r;
    r.pattern = pattern;
    r.area = Area::kMessenger;
    r.body_limit = kRouteBodyLimit;
    r.handle = [&rt, fn](RequestContext& ctx) { fn(rt, ctx); };
    app.add("POST", std::move(r));
  };
  auto get = [&](std::string pattern, void (*fn)(Runtime&, RequestContext&)) {
    app.get(Area::kMessenger, std::move(pattern), [&rt, fn](RequestContext& ctx) { fn(rt, ctx); });
  };
  post("/messenger/api/visitor", issue_visitor);
  get("/messenger/api/chats", list_chats);
  post("/messenger/api/chats", start_chat);
  post("/messenger/api/chats/{id}/messages", post_message);
  post("/messenger/api/chats/{id}/end", end_chat);
  post("/messenger/api/offline", offline);
  get("/messenger/api/articles", articles);
  for (const char* pattern :
       {"/messenger/api/visitor", "/messenger/api/chats", "/messenger/api/chats/{id}/messages",
        "/messenger/api/chats/{id}/end", "/messenger/api/offline", "/messenger/api/articles", "/messenger/setup"}) {
    pipeline::Route r;
    r.pattern = pattern;
    r.area = Area::kMessenger;
    r.handle = answer_preflight;
    app.add("OPTIONS", std::move(r));
  }
}

}  // namespace deskd::messenger
