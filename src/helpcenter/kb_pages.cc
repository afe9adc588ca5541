#include "helpcenter/kb_pages.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>

#include "helpcenter/engage_api.h"
#include "helpcenter/engage_common.h"
#include "helpcenter/kb_links.h"
#include "i18n/format.h"
#include "pipeline/app.h"
#include "pipeline/render.h"

namespace deskd::helpcenter {
namespace {

using pipeline::RequestContext;

void add_article_links(RequestContext& ctx, ctemplate::TemplateDictionary& dict,
                       const std::vector<const KbArticleEntry*>& list) {
  for (const KbArticleEntry* entry : list) {
    const auto& a = entry->article();
    bool fallback = false;
    const auto* t = pick_translation(ctx, a, &fallback);
    if (!t) continue;
    auto* row = dict.AddSectionDictionary("ARTICLE");
    row->SetValue("URL", article_url(ctx, a.id, t->slug));
    row->SetValue("TITLE", t->title);
    row->SetValue("CONTENT_LANG", t->lang);
    if (fallback) row->ShowSection("OTHER_LANG");
  }
}

void fill_category_heading(RequestContext& ctx, ctemplate::TemplateDictionary& dict, const storage::KbCategory& c) {
  const auto* text = pick_text(ctx, c);
  dict.SetValue("TITLE", text ? text->title : std::string());
  dict.SetValue("URL", category_url(ctx, text ? text->slug : std::string()));
  if (text && !text->description.empty())
    dict.SetValueAndShowSection("DESCRIPTION", text->description, "HAS_DESCRIPTION");
  if (text && text->lang != ctx.lang) dict.SetValue("CONTENT_LANG", text->lang);
}

// The home page's POPULAR or NEWEST list (articles translated into ctx.lang).
void add_home_list(RequestContext& ctx, ctemplate::TemplateDictionary& body, const char* section,
                   const std::vector<const KbArticleEntry*>& list) {
  for (const KbArticleEntry* entry : list) {
    const auto* t = pick_translation(ctx, entry->article());
    if (!t) continue;
    auto* row = body.AddSectionDictionary(section);
    row->SetValue("URL", article_url(ctx, entry->article().id, t->slug));
    row->SetValue("TITLE", t->title);
  }
  if (!list.empty()) body.ShowSection(std::string(section) + "_LIST");
}

}  // namespace

std::optional<ArticleRef> parse_article_ref(std::string_view id_slug) {
  const size_t dash = id_slug.find('-');
  const std::string_view digits = id_slug.substr(0, dash);
  if (digits.empty() || digits.size() > 15) return std::nullopt;
  ArticleRef ref;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), ref.id);
  if (ec != std::errc() || end != digits.data() + digits.size() || ref.id <= 0) return std::nullopt;
  if (dash != std::string_view::npos) ref.slug = id_slug.substr(dash + 1);
  return ref;
}

bool show_home(RequestContext& ctx, ContentCache& content, bool) {
  const auto snap = content.snapshot();
  const bool logged_out = ctx.query.get("logged_out") == "1" && !ctx.signed_in();
  pipeline::PageRequest request(ctx);
  Status s =
      pipeline::serve_page(request, content.pages(), logged_out ? "home|out" : "home", {snap->generation(), 0},
                           "portal_home.tpl", ctx.t("site.name"), [&](pipeline::Page& page) {
                             auto& body = page.body();
                             if (logged_out) body.ShowSection("LOGGED_OUT");
                             body.SetValue("SEARCH_ACTION", search_url(ctx));
                             body.SetValue("KB_URL", kb_url(ctx));
                             for (const auto& entry : snap->tree()) {
                               const auto& c = entry.category;
                               if (c.parent_id != 0) continue;
                               const auto* text = pick_text(ctx, c);
                               if (!text) continue;
                               auto* row = body.AddSectionDictionary("CATEGORY");
                               row->SetValue("URL", category_url(ctx, text->slug));
                               row->SetValue("TITLE", text->title);
                               if (!text->description.empty())
                                 row->SetValueAndShowSection("DESCRIPTION", text->description, "HAS_DESCRIPTION");
                             }
                             if (!snap->tree().empty()) body.ShowSection("CATEGORY_LIST");
                             add_home_list(ctx, body, "POPULAR", snap->popular(ctx.lang));
                             add_home_list(ctx, body, "NEWEST", snap->newest(ctx.lang));
                             return Status::ok();
                           });
  if (!s.is_ok()) pipeline::render_status(ctx, s);
  return true;
}

bool show_kb_index(RequestContext& ctx, ContentCache& content, bool) {
  const auto snap = content.snapshot();
  pipeline::PageRequest request(ctx);
  Status s = pipeline::serve_page(request, content.pages(), "kb", {snap->content_generation(), 0}, "kb_index.tpl",
                                  ctx.t("kb.heading"), [&](pipeline::Page& page) {
                                    auto& body = page.body();
                                    body.SetValue("SEARCH_ACTION", search_url(ctx));
                                    size_t shown = 0;
                                    for (const auto& entry : snap->tree()) {
                                      auto* section = body.AddSectionDictionary("CATEGORY");
                                      fill_category_heading(ctx, *section, entry.category);
                                      section->SetIntValue("DEPTH", entry.depth);
                                      if (entry.articles.empty()) section->ShowSection("NO_ARTICLES");
                                      add_article_links(ctx, *section, entry.articles);
                                      shown += entry.articles.size();
                                    }
                                    if (shown == 0) body.ShowSection("EMPTY");
                                    return Status::ok();
                                  });
  if (!s.is_ok()) pipeline::render_status(ctx, s);
  return true;
}

bool show_kb_category(RequestContext& ctx, ContentCache& content, bool) {
  const std::string_view slug = ctx.params.count("category") ? std::string_view(ctx.params.at("category")) : "";
  const auto snap = content.snapshot();
  const KbCategoryEntry* found = snap->category_by_slug(ctx.lang, slug);
  if (!found) {
    // A slug of another language: send the visitor to this language's URL.
    for (const auto& lang : ctx.settings->languages) {
      if (lang == ctx.lang) continue;
      const KbCategoryEntry* other = snap->category_by_slug(lang, slug);
      if (!other) continue;
      const auto* text = pick_text(ctx, other->category);
      if (text && text->slug != slug) {
        ctx.redirect(category_url(ctx, text->slug), 301);
        return true;
      }
      found = other;
      break;
    }
  }
  if (!found) {
    pipeline::render_error(ctx, 404, "kb.category_not_found");
    return true;
  }
  const auto* text = pick_text(ctx, found->category);
  pipeline::PageRequest request(ctx);
  Status s = pipeline::serve_page(
      request, content.pages(), "category|" + std::to_string(found->category.id), {snap->content_generation(), 0},
      "kb_category.tpl", text ? text->title : ctx.t("kb.heading"), [&](pipeline::Page& page) {
        auto& body = page.body();
        body.SetValue("KB_URL", kb_url(ctx));
        body.SetValue("SEARCH_ACTION", search_url(ctx));
        fill_category_heading(ctx, body, found->category);
        for (const auto& entry : snap->tree()) {
          if (entry.category.id == found->category.parent_id) {
            fill_category_heading(ctx, *body.AddSectionDictionary("PARENT"), entry.category);
          }
          if (entry.category.parent_id == found->category.id) {
            fill_category_heading(ctx, *body.AddSectionDictionary("CHILD"), entry.category);
          }
        }
        if (found->articles.empty()) body.ShowSection("NO_ARTICLES");
        add_article_links(ctx, body, found->articles);
        return Status::ok();
      });
  if (!s.is_ok()) pipeline::render_status(ctx, s);
  return true;
}

bool show_kb_article(RequestContext& ctx, ContentCache& content, bool may_block) {
  const std::string_view id_slug = ctx.params.count("id_slug") ? std::string_view(ctx.params.at("id_slug")) : "";
  const auto ref = parse_article_ref(id_slug);
  const auto snap = content.snapshot();
  const KbArticleEntry* entry = ref ? snap->article(ref->id) : nullptr;
  if (!entry) {
    pipeline::render_error(ctx, 404, "kb.article_not_found");
    return true;
  }
  const storage::KbArticle& article = entry->article();
  bool fallback = false;
  const auto* t = pick_translation(ctx, article, &fallback);
  if (!t) {
    pipeline::render_error(ctx, 404, "kb.article_not_found");
    return true;
  }
  const std::string canonical = article_url(ctx, article.id, t->slug);
  // Without a language prefix any translation's slug names the article (links
  // are shared across languages; the page language follows the visitor). Under
  // /<lang>/ only that language's slug does. Anything else, or a
  // non-canonical id, is redirected to the canonical URL.
  const bool known_slug =
      ref->slug == t->slug ||
      (!ctx.lang_from_prefix && std::any_of(article.translations.begin(), article.translations.end(),
                                            [&](const storage::KbTranslation& tr) { return tr.slug == ref->slug; }));
  if (!known_slug || id_slug.substr(0, id_slug.find('-')) != std::to_string(article.id)) {
    ctx.redirect(canonical, 301);
    return true;
  }
  std::shared_ptr<const ArticleEngagement> engagement = content.engagement().peek(article.id);
  if (!engagement) {
    if (!may_block) return false;
    auto loaded = content.engagement().get(article.id);
    if (!loaded.is_ok()) spdlog::warn("engagement of article {}: {}", article.id, loaded.status().to_string());
    engagement = loaded.is_ok() ? *loaded : std::make_shared<const ArticleEngagement>();
  }
  const std::string voter = current_key(ctx);
  const std::optional<int> known_vote = voter.empty() ? 0 : engagement->vote_of(voter);
  if (!known_vote && !may_block) return false;
  const std::vector<std::string> keys = reader_keys(ctx);
  const std::optional<bool> has_pending = engagement->has_pending(keys);
  if (has_pending != false && !may_block) return false;
  const int mine = known_vote ? *known_vote : own_vote(ctx, article.id, voter);
  const std::vector<storage::Comment> pending =
      has_pending == false ? std::vector<storage::Comment>() : own_pending_comments(ctx, article.id, keys);
  record_page_view(ctx, article.id, t->title);

  // The page differs per reader only in its holes, the layout variant and
  // their own vote; a reader with pending comments of their own gets a page
  // of their own, rendered directly.
  pipeline::PageRequest request(ctx);
  Status s = pipeline::serve_page(
      request, pending.empty() ? content.pages() : nullptr,
      "article|" + std::to_string(article.id) + "|" + std::to_string(mine),
      {snap->content_generation(), engagement->stamp}, "kb_article.tpl", t->title, [&](pipeline::Page& page) {
        auto& body = page.body();
        body.SetValue("KB_URL", kb_url(ctx));
        body.SetValue("TITLE", t->title);
        body.SetValue("CONTENT_LANG", t->lang);
        body.SetValue("ARTICLE_URL", canonical);
        if (fallback) {
          body.SetValueAndShowSection(
              "FALLBACK_TEXT",
              ctx.svc.catalogs.format(ctx.lang, "kb.translation_missing", {{"language", i18n::language_name(t->lang)}}),
              "FALLBACK");
        }
        const std::string author = article.author_name.empty() ? ctx.t("kb.team") : article.author_name;
        body.SetValue("AUTHOR", ctx.svc.catalogs.format(ctx.lang, "kb.by", {{"author", author}}));
        body.SetValue("DATE", ctx.svc.catalogs.format(ctx.lang, "kb.updated",
                                                      {{"date", i18n::format_date(ctx.lang, t->updated_ms)}}));
        body.SetValue("DATE_ISO", iso_date(t->updated_ms));
        if (const KbCategoryEntry* category = snap->category(article.category_id)) {
          if (const auto* text = pick_text(ctx, category->category)) {
            auto* c = body.AddSectionDictionary("CATEGORY");
            c->SetValue("CATEGORY_URL", category_url(ctx, text->slug));
            c->SetValue("CATEGORY_TITLE", text->title);
          }
        }
        body.SetValue("COMMENT_COUNT", ctx.svc.catalogs.plural(ctx.lang, "comments.count",
                                                               static_cast<int64_t>(engagement->approved.size())));
        body.SetValue("BODY_HTML", *entry->body_html(*t, ctx.lang, ctx.svc.catalogs));
        fill_article_engagement(ctx, page, article.id, *engagement, mine, pending);
        return Status::ok();
      });
  if (!s.is_ok()) pipeline::render_status(ctx, s);
  return true;
}

}  // namespace deskd::helpcenter
