#pragma once
// Session hygiene after a security-relevant change to an account (password
// change, account disabled, role change): every other session of the person
// ends at once and every Remember-Me token is revoked.
#include <string_view>

#include "pipeline/context.h"
#include "pipeline/services.h"

namespace deskd::accounts {

// Ends every session of `person_id` except `keep_id_hash` (may be empty) and
// revokes all of the person's remember tokens; the ended sessions' live
// connections (agent sockets) close at once (SessionManager::watch). Both steps
// are tried; a failure is logged and counted (Degraded::kSessionEndFailed /
// kRememberRevokeFailed) and the first one is returned. Otherwise returns how
// many sessions ended.
Result<size_t> end_other_sessions(pipeline::Services& svc, int64_t person_id, std::string_view keep_id_hash);

// Clears this browser's dpreme cookie when it sent one (its token is already
// revoked, or about to be).
void drop_remember_cookie(pipeline::RequestContext& ctx);

// The {name} path parameter of the route, "" when absent.
std::string_view path_param(const pipeline::RequestContext& ctx, std::string_view name);

}  // namespace deskd::accounts
