#pragma once
// Ticket deflection (issue 15 item 10): while a visitor types the subject on
// the new-ticket form, its script asks for matching Help Center articles.
//   GET /new-ticket/suggest?q=TEXT   JSON {"articles":[{"id","title","url","snippet"}]}
//       up to 5 hits of the Help Center search (storage::KbStore::search, the
//       same ranked per-language search as /search; plain text, no markers);
//       a blank or over-long q (> 200 characters) gives no articles. Not on the
//       hot read path: only this endpoint searches.
//   GET /new-ticket/suggested/{id_slug}  303 to the article; records that this
//       visitor (dp_v; nobody without optional cookies) opened a suggestion
//       (storage::InsightStore::record_deflection). The reports count visitors
//       who did so and sent no ticket from that browser afterwards.
// Both also answer under a language prefix (/da/new-ticket/...).
#include "pipeline/app.h"

namespace deskd::helpcenter {

void register_deflection_routes(pipeline::App& app);

}  // namespace deskd::helpcenter
