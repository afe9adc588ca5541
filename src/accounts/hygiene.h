#pragma once
// Session hygiene after a security-relevant change to an account (password
// change, account disabled, role change): every other session of the person
// ends at once and every Remember-Me token is revoked.
#include <string_view>

#include "pipeline/services.h"

namespace deskd::accounts {

// Ends every session of `person_id` except `keep_id_hash` (may be empty) and
// revokes all of the person's remember tokens. Returns how many sessions ended.
Result<size_t> end_other_sessions(pipeline::Services& svc, int64_t person_id, std::string_view keep_id_hash);

}  // namespace deskd::accounts
