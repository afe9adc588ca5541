#pragma once
// Knowledge-base pages of the Help Center (SPEC §2): the home page, /kb,
// /kb/<category-slug>, /kb/articles/<id>-<slug>, /search, each also under
// /<lang>/. Handlers run on worker threads and read `content`, which must
// outlive the App.
#include "helpcenter/content_cache.h"
#include "pipeline/app.h"

namespace deskd::helpcenter {

void register_kb_routes(pipeline::App& app, ContentCache& content);

}  // namespace deskd::helpcenter
