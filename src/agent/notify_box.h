#pragma once
// The toast box of agent desk notifications (web/templates/desk_notify.tpl,
// web/static/agent-notify.js), included by every agent page that shows them
// as {{>DESK_NOTIFY}}.
#include <ctemplate/template.h>

#include "pipeline/context.h"

namespace deskd::agent {

// Whether the page already holds the agent socket /agent/ws and hands its
// desk_notification frames to window.deskdNotify (ticket page, chat console),
// or agent-notify.js opens the socket itself (ticket list).
enum class NotifySocket { kPageHoldsIt, kOwn };

void add_notify_box(ctemplate::TemplateDictionary& body, const pipeline::RequestContext& ctx, NotifySocket socket);

}  // namespace deskd::agent
