#pragma once
// Help Center self-registration (SPEC §2): GET/POST /register with name,
// email, password, password_confirm, remember_me, return_to. A new account is
// signed in at once (session rotation; Remember Me as on /login). Registering
// an address that already has an account answers exactly like a successful
// registration and mails the owner instead, so the form never tells whether
// an address is registered.
#include "pipeline/app.h"

namespace deskd::accounts {

void register_registration_routes(pipeline::App& app);

}  // namespace deskd::accounts
