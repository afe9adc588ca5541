#pragma once
// Handlers of the knowledge-base pages (registered by kb_routes.cc). They read
// published content from the node's snapshot (content_cache.h), never from
// storage; only the article page's engagement may read storage, on the first
// view after a vote or comment changed it.
#include <cstdint>
#include <optional>
#include <string_view>

#include "helpcenter/content_cache.h"
#include "pipeline/context.h"

namespace deskd::helpcenter {

void show_home(pipeline::RequestContext& ctx, ContentCache& content);         // GET /
void show_kb_index(pipeline::RequestContext& ctx, ContentCache& content);     // GET /kb
void show_kb_category(pipeline::RequestContext& ctx, ContentCache& content);  // GET /kb/{category}
void show_kb_article(pipeline::RequestContext& ctx, ContentCache& content);   // GET /kb/articles/{id_slug}
void show_kb_search(pipeline::RequestContext& ctx, ContentCache& content);    // GET /search?q=

struct ArticleRef {
  int64_t id = 0;
  std::string_view slug;  // "" when the URL has none
};
// "<id>" or "<id>-<slug>" with a positive decimal id; nullopt otherwise.
std::optional<ArticleRef> parse_article_ref(std::string_view id_slug);

}  // namespace deskd::helpcenter
