#pragma once
// Knowledge-base URLs and the choice of which translation a visitor sees.
// Links keep a visitor who arrived through a language prefix (/da/kb) in that
// language. Pure functions of the request; thread-safe.
#include <string>
#include <string_view>

#include "pipeline/context.h"
#include "storage/kb_store.h"

namespace deskd::helpcenter {

// "/da" when the request came through a language prefix, else "".
std::string lang_prefix(const pipeline::RequestContext& ctx);
std::string kb_url(const pipeline::RequestContext& ctx);                               // /kb
std::string category_url(const pipeline::RequestContext& ctx, std::string_view slug);  // /kb/<slug>
std::string article_url(const pipeline::RequestContext& ctx, int64_t id,
                        std::string_view slug);               // /kb/articles/<id>-<slug>
std::string search_url(const pipeline::RequestContext& ctx);  // /search

// The translation in ctx.lang, else the default language's, else the first;
// nullptr only for an article without translations. `fallback` tells whether
// it is not in ctx.lang.
const storage::KbTranslation* pick_translation(const pipeline::RequestContext& ctx, const storage::KbArticle& article,
                                               bool* fallback = nullptr);
const storage::KbCategoryText* pick_text(const pipeline::RequestContext& ctx, const storage::KbCategory& category);

// "2023-08-10": the UTC date of unix_ms for <time datetime>.
std::string iso_date(int64_t unix_ms);

}  // namespace deskd::helpcenter
