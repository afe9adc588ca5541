#pragma once
// Middleware step "remember": with no live session on the portal or agent
// interface, a valid dpreme cookie signs the person in with a fresh session,
// rotates the validator, and records remember_login. A replayed rotated-away
// validator revokes every token and session of that person, records
// remember_theft and queues a security e-mail. Malformed, unknown, expired or
// unusable tokens are cleared.
#include "pipeline/context.h"

namespace deskd::pipeline {

void remember_login(RequestContext& ctx);

// Issues a dpreme cookie after a password login with "Remember me" ticked.
void remember_after_login(RequestContext& ctx, const storage::Person& person);
// The same after a sign-in whose box was ticked on an earlier form (the
// two-factor step after the password).
void remember_after_login(RequestContext& ctx, const storage::Person& person, bool ticked);
// Revokes the browser's token and clears the cookie (logout).
void forget_remembered(RequestContext& ctx);

}  // namespace deskd::pipeline
