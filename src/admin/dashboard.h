#pragma once
// GET /admin/: counts of people by role, active sessions, remember tokens and
// audit events of the last 24 hours, with links to the admin sections.
#include "pipeline/app.h"

namespace deskd::admin {

void register_dashboard(pipeline::App& app);

}  // namespace deskd::admin
