#pragma once
// Agent reports (SPEC §11, issue 15 items 9 and 10):
//   GET /agent/reports?days=7|30|90      (default 30) charts and figures
//   GET /agent/reports.csv?days=7|30|90  the same per day as CSV (attachment)
// Tickets opened and resolved per UTC day, chats answered per day, median
// first-response and resolution times, and Help Center deflection (visitors
// who opened an article the new-ticket form suggested and sent no ticket).
// Charts are inline SVG rendered here (agent/svg_chart.h). Another days value
// is 400. SLA breaches are not reported: tickets have no SLA targets yet.
#include "pipeline/app.h"

namespace deskd::agent {

void register_report_routes(pipeline::App& app);

}  // namespace deskd::agent
