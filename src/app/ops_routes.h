#pragma once
// The ops area: GET /healthz (liveness) and GET /static/... (content-hashed
// assets), both answered on the I/O thread, and GET /metrics (Prometheus text;
// only for addresses in server.metrics_allow).
#include "pipeline/app.h"

namespace deskd::app {

void register_ops_routes(pipeline::App& app);

}  // namespace deskd::app
