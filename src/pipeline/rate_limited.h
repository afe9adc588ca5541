#pragma once
// Per-address limits on the Help Center's anonymous form posts (contact form,
// registration; docs/security.md, "Abuse limits"). A refused post answers 429
// with Retry-After and re-renders the same form with everything the person
// typed and a notice in their language, like a failed CSRF check.
#include <optional>
#include <string>

#include "pipeline/context.h"
#include "security/rate_limit.h"

namespace deskd::pipeline {

// Counts one post against `limiter` for ctx.client_ip (IPv6 by /64). nullopt
// when admitted; when refused, sets Retry-After on ctx.res and returns the
// notice to show on the re-rendered form (catalog key limits.rate_limited,
// with the wait in whole minutes). The caller renders the form with status 429.
std::optional<std::string> refused_by(RequestContext& ctx, security::RateLimiter& limiter);

}  // namespace deskd::pipeline
