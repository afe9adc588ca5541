#pragma once
// The agent chat console (SPEC §3, §4): GET /agent/chats, agents only. The page
// is a shell; web/static/agent-chat.js runs the queue and conversations over
// /agent/ws (registered by messenger/).
#include "pipeline/app.h"

namespace deskd::agent {

void register_chat_routes(pipeline::App& app);

}  // namespace deskd::agent
