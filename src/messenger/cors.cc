#include "messenger/cors.h"

#include <cctype>

#include "core/text.h"
#include "messenger/wire.h"
#include "security/origin_check.h"

namespace deskd::messenger {
namespace {

std::string normalized(std::string_view origin) {
  while (!origin.empty() && origin.back() == '/') origin.remove_suffix(1);
  return ascii_lower(origin);
}

}  // namespace

bool origin_allowed(std::string_view origin, std::string_view own_origin, const std::vector<std::string>& allowed) {
  if (origin.empty() || origin == "null") return false;
  const std::string o = normalized(origin);
  if (!own_origin.empty() && o == normalized(own_origin)) return true;
  for (const auto& a : allowed)
    if (!a.empty() && o == normalized(a)) return true;
  return false;
}

bool apply_cors(pipeline::RequestContext& ctx) {
  ctx.res.set_header("Vary", "Origin");
  std::string_view origin = ctx.req.header("Origin");
  if (origin.empty() && ctx.req.header_values("Origin").empty()) return true;
  if (!origin_allowed(origin, ctx.own_origin, ctx.settings->messenger_allowed_origins)) {
    write_error(ctx, 403, "origin_refused", "This website may not use the Messenger of this helpdesk.");
    return false;
  }
  ctx.res.set_header("Access-Control-Allow-Origin", std::string(origin));
  return true;
}

void answer_preflight(pipeline::RequestContext& ctx) {
  if (!apply_cors(ctx)) return;
  ctx.res.status = 204;
  ctx.res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
  ctx.res.set_header("Access-Control-Allow-Headers", "Content-Type, X-DP-Visitor");
  ctx.res.set_header("Access-Control-Max-Age", "600");
}

}  // namespace deskd::messenger
