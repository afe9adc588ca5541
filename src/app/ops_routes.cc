#include "app/ops_routes.h"

#include <algorithm>

namespace deskd::app {

void register_ops_routes(pipeline::App& app) {
  app.get(pipeline::Area::kOps, "/healthz", [](pipeline::RequestContext& ctx) {
    ctx.res.set_header("Content-Type", "application/json");
    ctx.res.set_header("Cache-Control", "no-store");
    ctx.res.body = "{\"status\":\"ok\"}\n";
  });
  app.get(pipeline::Area::kOps, "/metrics", [](pipeline::RequestContext& ctx) {
    const auto& allow = ctx.svc.config.metrics_allow;
    if (std::find(allow.begin(), allow.end(), ctx.req.peer_ip) == allow.end()) {
      ctx.res.status = 403;
      ctx.res.set_header("Content-Type", "text/plain; charset=utf-8");
      ctx.res.body = "Forbidden\n";
      return;
    }
    ctx.res.set_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    ctx.res.set_header("Cache-Control", "no-store");
    ctx.res.body = ctx.svc.metrics.render();
  });
}

}  // namespace deskd::app
