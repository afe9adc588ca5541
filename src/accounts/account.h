#pragma once
// "My account" on the Help Center (signed in; otherwise a redirect to /login):
//  - GET /account: profile, password and e-mail forms, link to My sessions.
//  - POST /account/profile (name, language).
//  - POST /account/password (current_password, password, password_confirm):
//    rotates the current session id, ends every other session and revokes
//    every remember token (none is issued again), records password_changed.
//  - POST /account/email (current_password, email): mails the old address,
//    records email_changed.
// Password and e-mail changes always need the current password, so a
// Remember-Me login cannot make them; wrong current passwords count against
// the same throttle keys as failed logins (security::login_keys).
#include "pipeline/app.h"

namespace deskd::accounts {

void register_account_routes(pipeline::App& app);

}  // namespace deskd::accounts
