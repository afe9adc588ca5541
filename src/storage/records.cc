#include "storage/records.h"

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

}  // namespace deskd::storage
