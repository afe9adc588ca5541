#pragma once
// Small pieces every REST API handler shares: registration of /api/v1/ routes
// with their scope, timestamps, page cursors.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pipeline/app.h"
#include "storage/api_key_store.h"

namespace deskd::api {

inline constexpr int kDefaultPageSize = 25;
inline constexpr int kMaxPageSize = 100;

struct RouteOptions {
  size_t body_limit = 0;  // 0 = limits.max_form_body_bytes
};

// Registers METHOD `pattern` (under /api/v1/) for keys holding `scope`. POST
// handlers run behind the Idempotency-Key check (idempotency.h).
void add_route(pipeline::App& app, std::string method, std::string pattern, storage::ApiScope scope,
               pipeline::HandlerFn fn, RouteOptions options = {});

// RFC 3339 UTC with milliseconds: "2026-11-30T07:01:04.123Z".
std::string timestamp(int64_t unix_ms);

// A page request: ?limit= (1..kMaxPageSize, default kDefaultPageSize) and
// ?cursor= (opaque, from a previous page's next_cursor). Answers 400 and
// returns nullopt for a bad limit or a cursor this server did not write.
struct Page {
  int limit = kDefaultPageSize;
  int offset = 0;
};
std::optional<Page> read_page(pipeline::RequestContext& ctx);
// The cursor of the page after `page` (its rows were `page.limit` of more).
std::string next_cursor(const Page& page);

// The {ref}/{id} path parameter.
std::string_view param(const pipeline::RequestContext& ctx, const std::string& name);

// Who an API write is recorded as: "API key <name>".
std::string actor_name(const pipeline::RequestContext& ctx);

}  // namespace deskd::api
