#include "app/ops_routes.h"

#include <algorithm>

#include "core/degraded.h"

namespace deskd::app {

namespace {

void add_inline(pipeline::App& app, std::string pattern, pipeline::HandlerFn fn) {
  pipeline::Route r;
  r.pattern = std::move(pattern);
  r.area = pipeline::Area::kOps;
  r.inline_ok = true;
  r.handle = std::move(fn);
  app.add("GET", std::move(r));
}

}  // namespace

void register_ops_routes(pipeline::App& app) {
  add_inline(app, "/healthz", [](pipeline::RequestContext& ctx) {
    ctx.res.set_header("Content-Type", "application/json");
    ctx.res.set_header("Cache-Control", "no-store");
    ctx.res.body = "{\"status\":\"ok\"}\n";
  });
  add_inline(app, "/static/{*file}",
             [](pipeline::RequestContext& ctx) { ctx.res = ctx.svc.static_files.serve(ctx.req); });
  app.get(pipeline::Area::kOps, "/metrics", [](pipeline::RequestContext& ctx) {
    const auto& allow = ctx.svc.config.metrics_allow;
    // The client, not the TCP peer: behind a trusted proxy on loopback, the
    // peer is always allowed, the visitor it forwards is not.
    if (std::find(allow.begin(), allow.end(), ctx.client_ip) == allow.end()) {
      ctx.res.status = 403;
      ctx.res.set_header("Content-Type", "text/plain; charset=utf-8");
      ctx.res.body = "Forbidden\n";
      return;
    }
    ctx.res.set_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    ctx.res.set_header("Cache-Control", "no-store");
    ctx.res.body = ctx.svc.metrics.render() + render_degraded_metrics();
  });
}

}  // namespace deskd::app
