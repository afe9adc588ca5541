#include "agent/notify_box.h"

namespace deskd::agent {

void add_notify_box(ctemplate::TemplateDictionary& body, const pipeline::RequestContext& ctx, NotifySocket socket) {
  auto* box = body.AddIncludeDictionary("DESK_NOTIFY");
  box->SetFilename("desk_notify.tpl");
  box->SetValue("NOTIFY_SCRIPT_URL", ctx.svc.static_files.url("agent-notify.js"));
  if (socket == NotifySocket::kOwn) box->ShowSection("OWN_SOCKET");
}

}  // namespace deskd::agent
