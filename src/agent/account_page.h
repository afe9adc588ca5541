#pragma once
// The agent's own account page (issue 15 item 6):
//   GET  /agent/account                 notification preference, links to
//                                       two-factor sign-in and My sessions
//   POST /agent/account/notifications   (notify_email: "on" = e-mail me
//                                       desk notifications; absent = off)
// Live notifications in the agent interface are always on.
#include "pipeline/app.h"

namespace deskd::agent {

void register_account_routes(pipeline::App& app);

}  // namespace deskd::agent
