#include "pipeline/json_answer.h"

namespace deskd::pipeline {

const char* api_error_code(int status) {
  switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 409: return "conflict";
    case 413: return "payload_too_large";
    case 415: return "unsupported_media_type";
    case 422: return "unprocessable";
    case 429: return "rate_limited";
    case 503: return "unavailable";
    default: return status >= 500 ? "internal" : "error";
  }
}

namespace {

std::string error_body(int status, std::string_view message) {
  nlohmann::json body;
  body["error"]["code"] = api_error_code(status);
  body["error"]["message"] = message.empty() ? std::string(http::reason_phrase(status)) : std::string(message);
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

void answer_json(RequestContext& ctx, int status, const nlohmann::json& body) {
  http::Response res;
  res.status = status;
  res.set_header("Content-Type", "application/json");
  res.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  res.body += '\n';
  ctx.res = std::move(res);
}

void answer_api_error(RequestContext& ctx, int status, std::string_view message) {
  ctx.res = api_error_response(status, message);
}

http::Response api_error_response(int status, std::string_view message) {
  http::Response res;
  res.status = status;
  res.set_header("Content-Type", "application/json");
  res.body = error_body(status, message) + "\n";
  return res;
}

}  // namespace deskd::pipeline
