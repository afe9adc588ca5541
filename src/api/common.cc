#include "api/common.h"

#include <cstdio>
#include <ctime>

#include "api/idempotency.h"
#include "core/crypto.h"
#include "http/form.h"
#include "pipeline/json_answer.h"

namespace deskd::api {

void add_route(pipeline::App& app, std::string method, std::string pattern, storage::ApiScope scope,
               pipeline::HandlerFn fn, RouteOptions options) {
  pipeline::Route r;
  r.pattern = std::move(pattern);
  r.area = pipeline::Area::kApi;
  r.access = pipeline::Access::kApiKey;
  r.scope = scope;
  r.body_limit = options.body_limit;
  r.handle = method == "POST" ? with_idempotency(std::move(fn)) : std::move(fn);
  app.add(std::move(method), std::move(r));
}

std::string timestamp(int64_t unix_ms) {
  const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(unix_ms % 1000));
  return buf;
}

namespace {
constexpr std::string_view kCursorTag = "o1:";
}

std::optional<Page> read_page(pipeline::RequestContext& ctx) {
  Page page;
  if (ctx.query.has("limit")) {
    auto limit = http::parse_positive_id(ctx.query.get("limit"), 3);
    if (!limit || *limit > kMaxPageSize) {
      pipeline::answer_api_error(ctx, 400, "limit must be 1 to " + std::to_string(kMaxPageSize));
      return std::nullopt;
    }
    page.limit = static_cast<int>(*limit);
  }
  if (ctx.query.has("cursor")) {
    auto raw = base64url_decode(ctx.query.get("cursor"));
    std::optional<int64_t> offset;
    if (raw && raw->starts_with(kCursorTag)) offset = http::parse_positive_id(raw->substr(kCursorTag.size()), 9);
    if (!offset) {
      pipeline::answer_api_error(ctx, 400, "malformed cursor");
      return std::nullopt;
    }
    page.offset = static_cast<int>(*offset);
  }
  return page;
}

std::string next_cursor(const Page& page) {
  return base64url_encode(std::string(kCursorTag) + std::to_string(page.offset + page.limit));
}

std::string_view param(const pipeline::RequestContext& ctx, const std::string& name) {
  auto it = ctx.params.find(name);
  return it == ctx.params.end() ? std::string_view() : std::string_view(it->second);
}

std::string actor_name(const pipeline::RequestContext& ctx) {
  return "API key " + (ctx.api_key ? ctx.api_key->name : std::string("?"));
}

}  // namespace deskd::api
