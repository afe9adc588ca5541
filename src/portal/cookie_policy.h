#pragma once
// GET /cookies: the cookie policy rendered from the cookie registry in the
// visitor's language, in the seed document's table form.
#include "pipeline/context.h"

namespace deskd::portal {

void show_cookie_policy(pipeline::RequestContext& ctx);

}  // namespace deskd::portal
