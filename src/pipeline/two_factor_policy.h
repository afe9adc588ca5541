#pragma once
// Who must give a second factor to sign in to /agent and /admin
// (auth.require_2fa, SPEC §12). Someone who enrolled is always asked, whatever
// the setting; the setting decides who must enrol before signing in.
#include "core/settings.h"
#include "storage/records.h"
#include "storage/store.h"

namespace deskd::pipeline {

inline bool two_factor_required(const Settings& settings, storage::Role role) {
  switch (settings.require_2fa) {
    case RequireTwoFactor::kOff: return false;
    case RequireTwoFactor::kAdmins: return role == storage::Role::kAdmin;
    case RequireTwoFactor::kStaff: return role == storage::Role::kAgent || role == storage::Role::kAdmin;
  }
  return false;
}

// True when the person confirmed a two-factor enrolment. A storage failure
// answers true: the caller then asks for a code rather than letting someone in
// without one.
inline bool two_factor_enrolled(storage::Storage& storage, int64_t person_id) {
  auto found = storage.two_factor().find(person_id);
  if (found.is_ok()) return found->confirmed_ms > 0;
  return found.status().code() != Code::kNotFound;
}

}  // namespace deskd::pipeline
