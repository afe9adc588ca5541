#pragma once
// JSON answers of the REST API (Area::kApi). Every answer under /api/ — errors
// from any pipeline step included — is JSON; errors always have the shape
//   {"error": {"code": "<api_error_code>", "message": "<text>"}}.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "http/message.h"
#include "pipeline/context.h"

namespace deskd::pipeline {

// The error code a status is reported with: 400 "bad_request",
// 401 "unauthorized", 403 "forbidden", 404 "not_found", 405
// "method_not_allowed", 409 "conflict", 413 "payload_too_large", 415
// "unsupported_media_type", 422 "unprocessable", 429 "rate_limited", 503
// "unavailable", else "error" (4xx) or "internal" (5xx).
const char* api_error_code(int status);

// Replaces ctx.res with `body` as application/json (UTF-8; invalid UTF-8 in
// strings is replaced, never a throw).
void answer_json(RequestContext& ctx, int status, const nlohmann::json& body);

// Replaces ctx.res with the error object; `message` empty = the status's reason phrase.
void answer_api_error(RequestContext& ctx, int status, std::string_view message = {});

// The same error as a bare response, for the connection layer (no context).
http::Response api_error_response(int status, std::string_view message = {});

}  // namespace deskd::pipeline
