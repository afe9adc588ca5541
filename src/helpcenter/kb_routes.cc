#include "helpcenter/kb_routes.h"

#include "helpcenter/kb_pages.h"

namespace deskd::helpcenter {

void register_kb_routes(pipeline::App& app, ContentCache& content) {
  using pipeline::Area;
  using pipeline::RequestContext;
  using Handler = bool (*)(RequestContext&, ContentCache&, bool may_block);
  // Each page is registered twice over: the handler that may read storage (on
  // a worker) and the memory-only attempt the pipeline makes on the I/O
  // thread for visitors who are not signed in (kb_pages.h).
  auto get = [&](std::string pattern, Handler handler) {
    app.get(
        Area::kPortal, std::move(pattern), [handler, &content](RequestContext& ctx) { handler(ctx, content, true); },
        [handler, &content](RequestContext& ctx) { return handler(ctx, content, false); });
  };
  get("/", show_home);
  get("/kb", show_kb_index);
  get("/kb/{category}", show_kb_category);
  get("/kb/articles/{id_slug}", show_kb_article);
  get("/search", show_kb_search);
}

}  // namespace deskd::helpcenter
