#include "pipeline/rate_limited.h"

namespace deskd::pipeline {

std::optional<std::string> refused_by(RequestContext& ctx, security::RateLimiter& limiter) {
  const security::RateDecision d = limiter.hit(security::client_address_key(ctx.client_ip));
  if (d.allowed) return std::nullopt;
  ctx.res.set_header("Retry-After", std::to_string(d.retry_after_s()));
  const int64_t minutes = (d.retry_after_s() + 59) / 60;
  return ctx.svc.catalogs.plural(ctx.lang, "limits.rate_limited", minutes);
}

}  // namespace deskd::pipeline
