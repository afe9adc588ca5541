#pragma once
// GET /admin/sessions: every session (person, interface, created, last seen,
// IP, browser, via Remember Me) and every remember token, each list paged
// (?page=, ?rpage=). Revocation: POST /admin/sessions/{row_id}/revoke,
// POST /admin/remembered/{id}/revoke, POST /admin/people/{id}/sessions/revoke-all
// (every session and remember token of the person). Audited as
// session_revoked / remember_revoked with the target person.
#include "pipeline/app.h"

namespace deskd::admin {

void register_sessions(pipeline::App& app);

}  // namespace deskd::admin
