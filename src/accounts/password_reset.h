#pragma once
// Password reset by e-mail link (SPEC §2):
//  - GET/POST /reset-password (email): always the same "if that address has an
//    account, we sent a link" answer; throttled per client address (429) and
//    per address (silently: no mail, same answer). The mail carries
//    <own origin>/reset-password/<token>: 32 random bytes, base64url, stored
//    only as hash_hex(token), valid for one hour, single use.
//  - GET/POST /reset-password/{token} (password, password_confirm): a valid
//    token sets the new password, is used up (compare-and-swap), ends every
//    session and revokes every remember token of the person, records
//    password_reset and signs the person in with a fresh session. Unknown or
//    malformed tokens answer 400, used or expired ones 410.
#include "pipeline/app.h"

namespace deskd::accounts {

inline constexpr int64_t kResetLifetimeMs = 3'600'000;
inline constexpr size_t kResetTokenBytes = 32;

void register_password_reset_routes(pipeline::App& app);

}  // namespace deskd::accounts
