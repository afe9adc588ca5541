#pragma once
// The agent desk's part of layout.tpl (pipeline::LayoutPart): its navigation,
// with the link to the Admin interface for admins.
#include "pipeline/render.h"

namespace deskd::agent {

void fill_agent_layout(pipeline::Page& page);

}  // namespace deskd::agent
