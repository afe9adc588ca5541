#pragma once
// Decoding of URLs, query strings and application/x-www-form-urlencoded bodies.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace deskd::http {

// Ordered name/value pairs; the first occurrence of a name wins in get().
class Form {
 public:
  std::vector<std::pair<std::string, std::string>> fields;
  std::string_view get(std::string_view name) const;
  bool has(std::string_view name) const;
};

// Percent-decoding; '+' becomes ' ' when plus_is_space. nullopt on a bad escape.
std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space);
std::string percent_encode(std::string_view in);
// Parses a query string or urlencoded body. nullopt when malformed (bad escape,
// invalid UTF-8 after decoding, or more than max_fields fields).
std::optional<Form> parse_urlencoded(std::string_view text, size_t max_fields = 200);
bool valid_utf8(std::string_view s);
// A positive decimal id as it appears in a path or query: 1..max_chars ASCII
// digits (leading zeros allowed), fitting int64, greater than zero.
std::optional<int64_t> parse_positive_id(std::string_view text, size_t max_chars = 19);

}  // namespace deskd::http
