#pragma once
// The agent's people directory (SPEC §11, issue 15 item 8):
//   GET  /agent/people?q=TEXT&page=N   everybody with an account, grouped by
//        organization (the e-mail domain); q filters by e-mail or name
//   GET  /agent/people/{id}            a person's tickets (requested, and guest
//        tickets sent from their address), chats, comments and Help Center
//        visits (page views of the dp_v visitors attached to them)
//   POST /agent/people/{id}/merge      (merge_email) merges the customer with
//        that e-mail into this one: their history moves here, the merged
//        account is disabled and signed out everywhere; audited
//        (people_merged). Only customer (user) accounts merge — agents and
//        admins are managed in the Admin interface: 409.
#include "pipeline/app.h"

namespace deskd::agent {

void register_people_routes(pipeline::App& app);

}  // namespace deskd::agent
