#include "admin/people_rules.h"

#include <algorithm>

#include "core/text.h"
#include "security/password.h"

namespace deskd::admin {
namespace {

constexpr size_t kMaxEmail = 254;

// local@domain with a dot in the domain, no spaces or controls, one '@'.
bool plausible_email(std::string_view e) {
  const size_t at = e.find('@');
  if (e.empty() || e.size() > kMaxEmail || at == std::string_view::npos || at == 0) return false;
  if (e.find('@', at + 1) != std::string_view::npos) return false;
  const std::string_view domain = e.substr(at + 1);
  if (domain.size() < 3 || domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.')
    return false;
  return std::none_of(e.begin(), e.end(), [](unsigned char c) { return c <= ' ' || c == 0x7f; });
}

size_t utf8_chars(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](unsigned char c) { return (c & 0xC0) != 0x80; }));
}

bool has_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

}  // namespace

CheckedPerson check_new_person(const NewPersonForm& form) {
  CheckedPerson out;
  std::string email = ascii_lower(trim_space(form.email));
  if (!plausible_email(email)) out.errors.push_back({"email", "admin.people.error_email"});
  out.person.email = std::move(email);

  const std::string_view name = trim_space(form.name);
  if (utf8_chars(name) > kMaxNameChars || has_control(name)) out.errors.push_back({"name", "admin.people.error_name"});
  out.person.name = std::string(name);

  if (auto role = storage::parse_role(form.role)) {
    out.person.role = *role;
  } else {
    out.errors.push_back({"role", "admin.people.error_role"});
  }

  if (utf8_chars(form.password) < kMinPasswordChars || form.password.size() > security::kMaxPasswordBytes)
    out.errors.push_back({"password", "admin.people.error_password"});
  return out;
}

bool leaves_no_admin(const storage::Person& target, storage::Role new_role, bool new_disabled, int64_t enabled_admins) {
  const bool counts_now = target.role == storage::Role::kAdmin && !target.disabled;
  const bool counts_after = new_role == storage::Role::kAdmin && !new_disabled;
  return counts_now && !counts_after && enabled_admins <= 1;
}

}  // namespace deskd::admin
