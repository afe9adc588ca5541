#pragma once
// Shared pieces of the engagement routes and the article-page sections:
// who is acting (voter keys), where an article lives, and the comment form.
// Functions run on the request's worker thread.
#include <ctemplate/template.h>

#include <optional>
#include <string>
#include <vector>

#include "pipeline/context.h"
#include "pipeline/render.h"
#include "storage/kb_store.h"

namespace deskd::helpcenter {

inline constexpr size_t kMaxCommentChars = 5000;  // UTF-8 code points
inline constexpr size_t kMaxCommenterName = 100;  // UTF-8 code points

// The published article with this id (as a path segment), or NotFound (also
// for a malformed id and for drafts).
Result<storage::KbArticle> published_article(pipeline::RequestContext& ctx, std::string_view id_text);

// The article's canonical URL and title as this visitor sees them (its
// translation in ctx.lang, else the default language's; see kb_links.h).
std::string engage_article_url(const pipeline::RequestContext& ctx, const storage::KbArticle& article);
std::string engage_article_title(const pipeline::RequestContext& ctx, const storage::KbArticle& article);

// Every voter key this browser acts or has acted under, without creating
// anything: "p:<person>", "v:<dp_v>", "s:<session hash>" as present.
std::vector<std::string> reader_keys(const pipeline::RequestContext& ctx);
// The one key a vote or comment is stored under now: the person when signed
// in, else the visitor token, else the session (created when there is none,
// SPEC §1.3: without optional cookies votes tie to the session).
Result<std::string> actor_key(pipeline::RequestContext& ctx);
// The key actor_key would give, without creating a session; "" when none.
std::string current_key(const pipeline::RequestContext& ctx);

// Fills one engage_comment_form.tpl dictionary of `page`: action, CSRF token
// (a hole), guest fields for visitors who are not signed in, and what was
// typed (ctx.form; empty on a GET, so a prepared page holds no typed text).
void fill_comment_form(pipeline::RequestContext& ctx, pipeline::Page& page, ctemplate::TemplateDictionary& form,
                       int64_t article_id, std::string_view notice_key, const std::vector<std::string>& errors);

}  // namespace deskd::helpcenter
