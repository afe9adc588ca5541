#pragma once
// Agent ticket desk (SPEC §4, §11; docs/agent-desk.md):
//   GET  /agent/tickets?view=mine|unassigned|my-groups|open|all&status=S&sort=updated|priority|newest|oldest&page=N
//        the views with their counts; default All open (a status without a view: every ticket of it)
//   POST /agent/tickets/bulk           (ticket repeated, assignee, status, priority, group) all or nothing
//   GET  /agent/tickets/{ref}          thread with internal notes, requester, their other tickets
//   POST /agent/tickets/{ref}/reply    (message) mails the requester a link back
//   POST /agent/tickets/{ref}/note     (note) internal: never mailed, never shown to the requester
//   POST /agent/tickets/{ref}/fields   (status, priority, group, assignee)
//   POST /agent/tickets/{ref}/status   (status)
// Every change is audited (ticket_replied, ticket_note, ticket_updated,
// tickets_bulk_updated, ticket_status).
#include "pipeline/app.h"

namespace deskd::agent {

void register_ticket_routes(pipeline::App& app);

}  // namespace deskd::agent
