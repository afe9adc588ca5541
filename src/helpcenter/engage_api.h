#pragma once
// What the article page (kb) asks of visitor engagement: comment counts,
// page-view recording and the votes/comments sections. Every function runs on
// the request's worker thread; storage failures are logged and degrade to
// empty sections, never to an error page.
#include <ctemplate/template.h>

#include <cstdint>
#include <string_view>

#include "pipeline/context.h"

namespace deskd::helpcenter {

// Approved comments of the article (0 when the store fails).
int64_t approved_comment_count(pipeline::RequestContext& ctx, int64_t article_id);

// Queues a page view of the article for the visitor (dp_v) and/or the
// signed-in person, and bumps the article's view counter in the same batch.
// Does nothing when the request has neither. Never blocks on storage.
void record_page_view(pipeline::RequestContext& ctx, int64_t article_id, std::string_view title);

// Fills the article template's {{>VOTES}} and {{>COMMENTS}} includes
// (engage_votes.tpl, engage_comments.tpl): vote counts with the visitor's own
// vote marked, approved comments plus this visitor's pending ones, and the
// comment form (with CSRF token). `body` is the article page's body dictionary.
void fill_article_engagement(pipeline::RequestContext& ctx, ctemplate::TemplateDictionary& body, int64_t article_id);

}  // namespace deskd::helpcenter
