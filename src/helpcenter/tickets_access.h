#pragma once
// Who may see a ticket on the Help Center: its signed-in requester, or a
// browser that opened one of the ticket's mailed access links. The refs a
// browser was granted live in its portal session (data {"tickets": [...]},
// newest last, at most kMaxGrantedTickets), so they end with the session.
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/context.h"
#include "storage/ticket_store.h"

namespace deskd::helpcenter {

inline constexpr size_t kMaxGrantedTickets = 50;

// The refs granted to this browser's portal session (none without a session).
std::vector<std::string> granted_ticket_refs(const pipeline::RequestContext& ctx);

// Adds `ref` to the session's grants, creating the session when needed.
Status grant_ticket(pipeline::RequestContext& ctx, std::string_view ref);

// True when the signed-in person is the ticket's requester or the session
// holds a grant for its ref.
bool may_view_ticket(const pipeline::RequestContext& ctx, const storage::Ticket& ticket);

}  // namespace deskd::helpcenter
