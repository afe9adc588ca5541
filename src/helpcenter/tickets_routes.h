#pragma once
// Help Center ticket routes (SPEC §2 "Contact form"):
//   GET/POST /new-ticket            the contact form (name, email, subject, message)
//   GET      /tickets/{ref}/created confirmation for a guest (reference, mailed link)
//   GET      /tickets               the signed-in person's tickets and this browser's granted ones
//   GET      /tickets/{ref}         the thread and a reply form; ?access=<token> grants this browser
//   POST     /tickets/{ref}/reply   (message)
// Anyone without access to a ticket gets the same 404 as for a ref that does
// not exist.
#include "pipeline/app.h"

namespace deskd::helpcenter {

void register_ticket_routes(pipeline::App& app);

}  // namespace deskd::helpcenter
