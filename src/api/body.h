#pragma once
// Reading the JSON bodies of REST API requests. Every refusal answers the
// request (JSON error) and returns nullopt/false: 415 for a body that is not
// application/json, 400 for malformed JSON, a body that is not one object, an
// unknown field or a field of the wrong type.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "pipeline/context.h"

namespace deskd::api {

using nlohmann::json;

// The body as a JSON object whose keys are all in `allowed`.
std::optional<json> read_object(pipeline::RequestContext& ctx, std::initializer_list<std::string_view> allowed);

// A field read from an object: absent, null, or a value.
struct TextField {
  bool present = false;  // the key is in the object
  bool null = false;     // its value is null
  std::string value;
};

// Reads `name` as a string (or null when `nullable`); answers 400 and returns
// nullopt for any other type. Absent → present = false.
std::optional<TextField> text_field(pipeline::RequestContext& ctx, const json& object, std::string_view name,
                                    bool nullable = false);

// An integer id (> 0) from a JSON number; answers 400 otherwise.
std::optional<int64_t> id_field(pipeline::RequestContext& ctx, const json& object, std::string_view name);

}  // namespace deskd::api
