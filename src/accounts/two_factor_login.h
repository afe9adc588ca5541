#pragma once
// The second sign-in step for /agent and /admin (SPEC §12, §14).
//
// After a correct password, someone who enrolled (or must enrol, per
// auth.require_2fa) is not signed in yet: the login parks the attempt in a
// fresh anonymous session of the area (person, the Remember-me choice and
// return_to, valid kPendingMs) and answers 303 to <base>/login/two-factor,
// whose form has a `code` field (a TOTP code or a recovery code). A correct
// code signs in like a password login does (session rotated, 303 to
// return_to, Remember Me issued on /agent when it was ticked); someone who
// must enrol sees the QR code there instead, and after confirming it their
// recovery codes. Nothing typed is lost: the choices made on the password form
// ride along in the session.
#include "accounts/login.h"
#include "pipeline/app.h"

namespace deskd::accounts {

inline constexpr int64_t kPendingMs = 10 * 60 * 1000;

// Called by the password login once the password is verified. When the
// person must give a second factor here, parks the sign-in and redirects to
// the second step, and returns true; otherwise returns false and the caller
// signs the person in.
bool begin_second_step(pipeline::RequestContext& ctx, const LoginArea& where, const storage::Person& person);

void register_two_factor_login_routes(pipeline::App& app, const LoginArea& where);

}  // namespace deskd::accounts
