#pragma once
// SLA policy (issue 15 item 4; docs/agent-desk.md "SLA"), one admin page:
//   GET  /admin/sla   the targets per priority and the business-hours schedule
//   POST /admin/sla   replaces both. Fields: first_response_{low,normal,high,
//                     urgent} and resolution_{…} (minutes, empty = no target),
//                     business_hours ("on" = count only business minutes),
//                     time_zone (IANA name), {mon,…,sun}_open and _close
//                     ("HH:MM", both empty = closed that day).
// A change is audited as sla_updated and applies to tickets created (or whose
// priority changes) afterwards. Invalid input answers 400 with the form as typed.
#include "pipeline/app.h"

namespace deskd::admin {

void register_sla(pipeline::App& app);

}  // namespace deskd::admin
