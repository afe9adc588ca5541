#pragma once
// Agent ticket desk (SPEC §4):
//   GET  /agent/tickets?status=open|pending|resolved|closed|all&page=N
//        newest activity first; default status open
//   GET  /agent/tickets/{ref}          thread, requester, their other tickets
//   POST /agent/tickets/{ref}/reply    (message) mails the requester a link back
//   POST /agent/tickets/{ref}/status   (status)
// Replies and status changes are audited (ticket_replied, ticket_status).
#include "pipeline/app.h"

namespace deskd::agent {

void register_ticket_routes(pipeline::App& app);

}  // namespace deskd::agent
