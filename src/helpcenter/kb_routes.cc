#include "helpcenter/kb_routes.h"

#include "helpcenter/kb_pages.h"

namespace deskd::helpcenter {

void register_kb_routes(pipeline::App& app, ContentCache& content) {
  using pipeline::Area;
  using pipeline::RequestContext;
  auto with_content = [&content](bool (*handler)(RequestContext&, ContentCache&, bool)) {
    return [handler, &content](RequestContext& ctx) { handler(ctx, content, true); };
  };
  app.get(Area::kPortal, "/", with_content(show_home));
  app.get(Area::kPortal, "/kb", with_content(show_kb_index));
  app.get(Area::kPortal, "/kb/{category}", with_content(show_kb_category));
  app.get(Area::kPortal, "/kb/articles/{id_slug}", with_content(show_kb_article));
  app.get(Area::kPortal, "/search", with_content(show_kb_search));
}

}  // namespace deskd::helpcenter
