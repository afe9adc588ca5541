#pragma once
// Handlers of the knowledge-base pages (registered by kb_routes.cc).
#include <cstdint>
#include <optional>
#include <string_view>

#include "pipeline/context.h"

namespace deskd::helpcenter {

void show_kb_index(pipeline::RequestContext& ctx);     // GET /kb
void show_kb_category(pipeline::RequestContext& ctx);  // GET /kb/{category}
void show_kb_article(pipeline::RequestContext& ctx);   // GET /kb/articles/{id_slug}
void show_kb_search(pipeline::RequestContext& ctx);    // GET /search?q=

struct ArticleRef {
  int64_t id = 0;
  std::string_view slug;  // "" when the URL has none
};
// "<id>" or "<id>-<slug>" with a positive decimal id; nullopt otherwise.
std::optional<ArticleRef> parse_article_ref(std::string_view id_slug);

}  // namespace deskd::helpcenter
