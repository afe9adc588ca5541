#pragma once
// Agent interface routes (SPEC §4) under /agent/.
#include "pipeline/app.h"

namespace deskd::agent {

void register_routes(pipeline::App& app);

}  // namespace deskd::agent
