#include "api/body.h"

#include <cctype>

#include "pipeline/json_answer.h"

namespace deskd::api {

using pipeline::answer_api_error;

namespace {

bool is_json_type(std::string_view type) {
  const std::string_view media = type.substr(0, type.find(';'));
  std::string lower;
  for (char c : media) {
    if (c != ' ' && c != '\t') lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return lower == "application/json";
}

}  // namespace

std::optional<json> read_object(pipeline::RequestContext& ctx, std::initializer_list<std::string_view> allowed) {
  if (!is_json_type(ctx.req.header("Content-Type"))) {
    answer_api_error(ctx, 415, "send the body as application/json");
    return std::nullopt;
  }
  json body = json::parse(ctx.req.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    answer_api_error(ctx, 400, "the body is not valid JSON");
    return std::nullopt;
  }
  if (!body.is_object()) {
    answer_api_error(ctx, 400, "the body must be a JSON object");
    return std::nullopt;
  }
  for (const auto& item : body.items()) {
    bool known = false;
    for (std::string_view a : allowed) known = known || item.key() == a;
    if (!known) {
      answer_api_error(ctx, 400, "unknown field \"" + item.key() + "\"");
      return std::nullopt;
    }
  }
  return body;
}

std::optional<TextField> text_field(pipeline::RequestContext& ctx, const json& object, std::string_view name,
                                    bool nullable) {
  TextField f;
  auto it = object.find(name);
  if (it == object.end()) return f;
  f.present = true;
  if (it->is_null() && nullable) {
    f.null = true;
    return f;
  }
  if (!it->is_string()) {
    answer_api_error(ctx, 400, "field \"" + std::string(name) + "\" must be a string" + (nullable ? " or null" : ""));
    return std::nullopt;
  }
  f.value = it->get<std::string>();
  return f;
}

std::optional<int64_t> id_field(pipeline::RequestContext& ctx, const json& object, std::string_view name) {
  auto it = object.find(name);
  if (it != object.end() && it->is_number_integer()) {
    const int64_t v = it->get<int64_t>();
    if (v > 0) return v;
  }
  answer_api_error(ctx, 400, "field \"" + std::string(name) + "\" must be a positive integer id");
  return std::nullopt;
}

}  // namespace deskd::api
