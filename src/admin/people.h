#pragma once
// People management (SPEC §5): GET /admin/people (paged list and the create
// form), POST /admin/people (create), POST /admin/people/{id}/role,
// POST /admin/people/{id}/disable and /enable. A role change or disabling ends
// every session of the person and revokes their remember tokens; the last
// enabled admin can neither be demoted nor disabled (409).
#include "pipeline/app.h"

namespace deskd::admin {

void register_people(pipeline::App& app);

}  // namespace deskd::admin
