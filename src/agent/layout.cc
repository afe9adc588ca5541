#include "agent/layout.h"

#include "pipeline/context.h"

namespace deskd::agent {

void fill_agent_layout(pipeline::Page& page) {
  const pipeline::RequestContext& ctx = page.ctx();
  if (!ctx.person) return;  // the sign-in page
  auto* nav = page.root().AddSectionDictionary("AGENT_NAV");
  if (ctx.person->role == storage::Role::kAdmin) nav->ShowSection("ADMIN_LINK");
}

}  // namespace deskd::agent
