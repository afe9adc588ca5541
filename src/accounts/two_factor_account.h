#pragma once
// Two-factor sign-in on a signed-in staff member's account (SPEC §12, §14):
//   GET  <base>/account/two-factor                 status, or enrolment (otpauth:// URI, QR code, secret)
//   POST <base>/account/two-factor                 `code`: confirms the enrolment, shows 10 recovery codes once
//   POST <base>/account/two-factor/recovery-codes  `code`: replaces the recovery codes, shows them once
//   POST <base>/account/two-factor/disable         `code`: turns two-factor sign-in off (refused, 409, while
//                                                  auth.require_2fa covers the person)
// base is /agent or /admin. Enrolling ends the person's other sessions and
// revokes their remembered devices (minted without a second factor).
// Records two_factor_enabled, recovery_codes_renewed, two_factor_disabled.
#include "accounts/login.h"
#include "pipeline/app.h"

namespace deskd::accounts {

void register_two_factor_account_routes(pipeline::App& app, const LoginArea& where);

}  // namespace deskd::accounts
