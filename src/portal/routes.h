#pragma once
// Help Center routes (SPEC §2): home, language switch, cookie policy, accounts.
#include "pipeline/app.h"

namespace deskd::portal {

void register_routes(pipeline::App& app);

}  // namespace deskd::portal
