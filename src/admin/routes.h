#pragma once
// Admin interface routes (SPEC §5) under /admin/.
#include "pipeline/app.h"

namespace deskd::admin {

void register_routes(pipeline::App& app);

}  // namespace deskd::admin
