#pragma once
// Canned replies (SPEC §11): personal ones and the team's shared ones.
//   GET  /agent/canned                 mine and the shared ones, with forms
//   POST /agent/canned                 (title, body, shared=1) create
//   POST /agent/canned/{id}            (title, body) update
//   POST /agent/canned/{id}/delete
// A personal reply is visible to and changed by its owner only (others get
// 404); shared replies are the whole team's. Shared changes are audited.
// Bodies may hold {{requester.name}}, {{ticket.ref}} and {{agent.name}};
// fill_canned replaces them (plain text: pages escape it when they show it).
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/app.h"
#include "pipeline/context.h"
#include "storage/desk_store.h"

namespace deskd::agent {

std::string fill_canned(std::string_view body, std::string_view requester_name, std::string_view ticket_ref,
                        std::string_view agent_name);

// The canned replies the signed-in agent may use; empty when the store fails (logged).
std::vector<storage::CannedReply> usable_canned(pipeline::RequestContext& ctx);

// The signed-in agent's display name (name, else e-mail).
std::string agent_display_name(const pipeline::RequestContext& ctx);

void register_canned_routes(pipeline::App& app);

}  // namespace deskd::agent
