#pragma once
// CORS for the Messenger API and the visitor socket (docs/messenger.md): only
// origins in messenger.allowed_origins plus the helpdesk's own origin are
// answered with Access-Control-Allow-Origin (never "*", never credentials).
// A request without Origin (not from a browser page) is served without CORS
// headers; any other Origin is refused with 403 JSON.
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/context.h"

namespace deskd::messenger {

// True when `origin` is `own_origin` or listed in `allowed` (compared as
// scheme://host[:port], case-insensitively, a trailing slash ignored).
bool origin_allowed(std::string_view origin, std::string_view own_origin, const std::vector<std::string>& allowed);

// Adds Vary: Origin and, for an allowed Origin, Access-Control-Allow-Origin.
// For a refused Origin writes the 403 JSON answer and returns false.
bool apply_cors(pipeline::RequestContext& ctx);

// Answers an OPTIONS preflight: 204 with the allowed methods and headers
// (Content-Type, X-DP-Visitor) for an allowed Origin, 403 JSON otherwise.
void answer_preflight(pipeline::RequestContext& ctx);

}  // namespace deskd::messenger
