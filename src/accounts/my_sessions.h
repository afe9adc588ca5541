#pragma once
// "My sessions" for users (portal, /account/sessions) and agents
// (/agent/sessions): the signed-in person's sessions of every interface and
// remembered devices, with
//   POST <base>/sessions/{row_id}/end, POST <base>/remembered/{id}/forget,
//   POST <base>/sessions/end-others.
// Only the person's own rows can be ended (anything else: 404). Ending the
// current session signs out. Records session_revoked / remember_revoked.
#include <string>

#include "accounts/login.h"
#include "pipeline/app.h"

namespace deskd::accounts {

struct SessionsArea {
  std::string base;  // "/account" (portal) or "/agent"
  LoginArea login;   // where a signed-out visitor is sent
};

void register_my_sessions_routes(pipeline::App& app, const SessionsArea& where);

}  // namespace deskd::accounts
