#include "storage/records.h"

#include <cstdint>

namespace deskd::storage {

const char* role_name(Role role) {
  switch (role) {
    case Role::kUser: return "user";
    case Role::kAgent: return "agent";
    case Role::kAdmin: return "admin";
  }
  return "user";
}

std::optional<Role> parse_role(std::string_view name) {
  if (name == "user") return Role::kUser;
  if (name == "agent") return Role::kAgent;
  if (name == "admin") return Role::kAdmin;
  return std::nullopt;
}

const char* session_interface_name(SessionInterface interface) {
  switch (interface) {
    case SessionInterface::kPortal: return "portal";
    case SessionInterface::kAgent: return "agent";
    case SessionInterface::kAdmin: return "admin";
  }
  return "portal";
}

std::optional<SessionInterface> parse_session_interface(std::string_view name) {
  if (name == "portal") return SessionInterface::kPortal;
  if (name == "agent") return SessionInterface::kAgent;
  if (name == "admin") return SessionInterface::kAdmin;
  return std::nullopt;
}

const char* remember_audience_name(RememberAudience audience) {
  switch (audience) {
    case RememberAudience::kUser: return "user";
    case RememberAudience::kAgent: return "agent";
  }
  return "user";
}

std::optional<RememberAudience> parse_remember_audience(std::string_view name) {
  if (name == "user") return RememberAudience::kUser;
  if (name == "agent") return RememberAudience::kAgent;
  return std::nullopt;
}

std::string join_ids(const std::vector<int64_t>& ids) {
  std::string out;
  for (int64_t id : ids) {
    if (!out.empty()) out += ' ';
    out += std::to_string(id);
  }
  return out;
}

std::vector<int64_t> split_ids(std::string_view text) {
  std::vector<int64_t> out;
  int64_t n = 0;
  bool digits = false;
  for (size_t i = 0; i <= text.size(); ++i) {
    const char c = i < text.size() ? text[i] : ' ';
    if (c >= '0' && c <= '9' && n < (INT64_MAX - 9) / 10) {
      n = n * 10 + (c - '0');
      digits = true;
    } else {
      if (digits && n > 0) out.push_back(n);
      n = 0;
      digits = false;
    }
  }
  return out;
}

}  // namespace deskd::storage
