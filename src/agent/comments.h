#pragma once
// Comment moderation in the agent interface (SPEC §2, §4):
//   GET  /agent/comments?page=N            pending comments, oldest first, with article links
//   POST /agent/comments/{id}/approve      -> public; audit comment_approved
//   POST /agent/comments/{id}/reject       -> hidden;  audit comment_rejected
// Agents and admins only (the agent area admits no one else).
#include "pipeline/app.h"

namespace deskd::agent {

void register_comment_routes(pipeline::App& app);

}  // namespace deskd::agent
