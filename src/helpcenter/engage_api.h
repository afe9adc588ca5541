#pragma once
// What the article page (kb) asks of visitor engagement: page-view recording
// and the votes/comments sections. Every function runs on the request's worker
// thread.
#include <ctemplate/template.h>

#include <cstdint>
#include <string_view>

#include "helpcenter/engagement_cache.h"
#include "pipeline/context.h"
#include "pipeline/render.h"

namespace deskd::helpcenter {

// Queues a page view of the article for the visitor (dp_v) and/or the
// signed-in person, and bumps the article's view counter in the same batch.
// Does nothing when the request has neither. Never blocks on storage.
void record_page_view(pipeline::RequestContext& ctx, int64_t article_id, std::string_view title);

// The vote under `voter` (current_key) on the article (+1, -1, 0), read from
// storage: for articles with more voters than the engagement cache keeps.
int own_vote(pipeline::RequestContext& ctx, int64_t article_id, const std::string& voter);

// The reader's own pending comments on the article: those written under one
// of `reader_keys` (engage_common.h's reader_keys), oldest first, read from
// storage; empty when that fails.
std::vector<storage::Comment> own_pending_comments(pipeline::RequestContext& ctx, int64_t article_id,
                                                   const std::vector<std::string>& reader_keys);

// Fills the article template's {{>VOTES}} and {{>COMMENTS}} includes
// (engage_votes.tpl, engage_comments.tpl) in `page`'s body: vote counts with
// `mine` (the reader's own vote) marked, approved comments plus `pending`
// (the reader's own pending ones), and the comment form. The CSRF tokens are
// holes; the rest follows `engagement`, `mine` and `pending`.
void fill_article_engagement(pipeline::RequestContext& ctx, pipeline::Page& page, int64_t article_id,
                             const ArticleEngagement& engagement, int mine,
                             const std::vector<storage::Comment>& pending);

}  // namespace deskd::helpcenter
