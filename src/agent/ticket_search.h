#pragma once
// Agent ticket search (SPEC §11, issue 15 item 5):
//   GET /agent/search?q=TEXT&status=open|pending|resolved|closed|all&page=N
// Every word of q must occur (as a word prefix) in the ticket's ref, subject,
// requester name or e-mail, or one of its messages; no q lists every ticket.
// Newest activity first, 50 a page. Query syntax characters only separate
// words (storage::ticket_search_terms), so any q is answered 200; a bad
// status or page is 400.
#include "pipeline/app.h"

namespace deskd::agent {

void register_ticket_search_routes(pipeline::App& app);

}  // namespace deskd::agent
