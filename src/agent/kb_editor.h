#pragma once
// The agent's knowledge-base editor (SPEC §4), agents and admins only:
//   GET  /agent/kb                  articles with their status per language
//   GET  /agent/kb/new, POST        create (preview=1 renders, saves nothing)
//   GET  /agent/kb/{id}/edit, POST  edit category, status, per-language
//                                   title/slug/body (slugs from titles when empty)
//   POST /agent/kb/{id}/status      publish (status=published) / unpublish (draft)
//   GET  /agent/kb/categories, POST create or change a category (id=0 creates):
//                                   parent, position, per-language title/slug/description
// Every form comes back with what was typed after a validation error or a
// failed CSRF check.
#include "accounts/login.h"
#include "pipeline/app.h"

namespace deskd::agent {

inline const accounts::LoginArea kKbEditorLogin{pipeline::Area::kAgent, "/agent", "agent.login_heading"};

void register_kb_editor_routes(pipeline::App& app);

// GET/POST /agent/kb/categories (kb_editor_categories.cc).
void register_kb_category_routes(pipeline::App& app);

}  // namespace deskd::agent
