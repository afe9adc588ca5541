#pragma once
// Handlers of the knowledge-base pages (registered by kb_routes.cc). They read
// published content from the node's snapshot (content_cache.h), never from
// storage; only the article page's engagement may read storage, on the first
// view after a vote or comment changed it, and search runs the full-text
// search for a query it has not answered since the content changed.
//
// With `may_block` false (the request runs on an I/O thread) a handler answers
// only from memory: when it would have to read storage it returns false
// before changing anything outside ctx (no page view recorded), so the
// request can run again on a worker. Otherwise it answers and returns true.
#include <cstdint>
#include <optional>
#include <string_view>

#include "helpcenter/content_cache.h"
#include "pipeline/context.h"

namespace deskd::helpcenter {

bool show_home(pipeline::RequestContext& ctx, ContentCache& content, bool may_block);         // GET /
bool show_kb_index(pipeline::RequestContext& ctx, ContentCache& content, bool may_block);     // GET /kb
bool show_kb_category(pipeline::RequestContext& ctx, ContentCache& content, bool may_block);  // GET /kb/{category}
bool show_kb_article(pipeline::RequestContext& ctx, ContentCache& content,
                     bool may_block);  // GET /kb/articles/{id_slug}
bool show_kb_search(pipeline::RequestContext& ctx, ContentCache& content, bool may_block);  // GET /search?q=

struct ArticleRef {
  int64_t id = 0;
  std::string_view slug;  // "" when the URL has none
};
// "<id>" or "<id>-<slug>" with a positive decimal id; nullopt otherwise.
std::optional<ArticleRef> parse_article_ref(std::string_view id_slug);

}  // namespace deskd::helpcenter
