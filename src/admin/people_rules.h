#pragma once
// Rules for managing people in the admin interface: the create-person form's
// validation and the guard that keeps at least one enabled admin. Pure;
// thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/records.h"

namespace deskd::admin {

inline constexpr size_t kMinPasswordChars = 8;
inline constexpr size_t kMaxNameChars = 200;

struct NewPersonForm {
  std::string_view email;
  std::string_view name;
  std::string_view role;
  std::string_view password;
};

struct FieldError {
  std::string field;      // "email" | "name" | "role" | "password"
  std::string error_key;  // catalog key of the message
};

struct CheckedPerson {
  storage::NewPerson person;  // email lower-cased and trimmed, name trimmed; no hash yet
  std::vector<FieldError> errors;
  bool ok() const { return errors.empty(); }
};

CheckedPerson check_new_person(const NewPersonForm& form);

// True when changing `target` to (new_role, new_disabled) would leave no
// enabled admin, given how many enabled admins there are now.
bool leaves_no_admin(const storage::Person& target, storage::Role new_role, bool new_disabled, int64_t enabled_admins);

}  // namespace deskd::admin
