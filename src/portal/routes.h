#pragma once
// Help Center routes (SPEC §2): home, language switch, cookie policy, accounts.
#include "helpcenter/content_cache.h"
#include "pipeline/app.h"

namespace deskd::portal {

// `content` (the published knowledge base) must outlive the App.
void register_routes(pipeline::App& app, helpcenter::ContentCache& content);

}  // namespace deskd::portal
