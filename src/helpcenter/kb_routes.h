#pragma once
// Knowledge-base pages of the Help Center (SPEC §2): /kb, /kb/<category-slug>,
// /kb/articles/<id>-<slug>, /search, each also under /<lang>/, and the KB
// sections of the home page. Handlers run on worker threads.
#include <ctemplate/template.h>

#include "pipeline/app.h"

namespace deskd::helpcenter {

void register_kb_routes(pipeline::App& app);

// Fills the home page body (portal_home.tpl): CATEGORY, POPULAR and NEWEST
// sections and SEARCH_ACTION. Storage failures leave the sections empty.
void fill_kb_home(pipeline::RequestContext& ctx, ctemplate::TemplateDictionary& body);

}  // namespace deskd::helpcenter
