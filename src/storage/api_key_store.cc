#include "storage/api_key_store.h"

#include <algorithm>

namespace deskd::storage {

const char* api_scope_name(ApiScope scope) {
  switch (scope) {
    case ApiScope::kTicketsRead: return "tickets:read";
    case ApiScope::kTicketsWrite: return "tickets:write";
    case ApiScope::kKbRead: return "kb:read";
    case ApiScope::kKbWrite: return "kb:write";
    case ApiScope::kPeopleRead: return "people:read";
  }
  return "";
}

std::optional<ApiScope> parse_api_scope(std::string_view name) {
  for (ApiScope s : kAllApiScopes) {
    if (name == api_scope_name(s)) return s;
  }
  return std::nullopt;
}

bool ApiKey::has_scope(ApiScope scope) const {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

bool ApiKey::usable_at(int64_t now_ms) const {
  return revoked_ms == 0 && (expires_ms == 0 || now_ms < expires_ms);
}

std::string api_scopes_text(const std::vector<ApiScope>& scopes) {
  std::string out;
  for (ApiScope s : kAllApiScopes) {
    if (std::find(scopes.begin(), scopes.end(), s) == scopes.end()) continue;
    if (!out.empty()) out += ' ';
    out += api_scope_name(s);
  }
  return out;
}

std::vector<ApiScope> parse_api_scopes_text(std::string_view text) {
  std::vector<ApiScope> found;
  while (!text.empty()) {
    const size_t space = text.find(' ');
    if (auto s = parse_api_scope(text.substr(0, space))) found.push_back(*s);
    text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
  }
  std::vector<ApiScope> out;
  for (ApiScope s : kAllApiScopes) {
    if (std::find(found.begin(), found.end(), s) != found.end()) out.push_back(s);
  }
  return out;
}

}  // namespace deskd::storage
