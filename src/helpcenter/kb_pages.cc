#include "helpcenter/kb_pages.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include <charconv>
#include <map>

#include "helpcenter/engage_api.h"
#include "helpcenter/kb_links.h"
#include "helpcenter/markdown.h"
#include "i18n/format.h"
#include "pipeline/app.h"
#include "pipeline/render.h"

namespace deskd::helpcenter {
namespace {

using pipeline::RequestContext;
using storage::KbArticle;
using storage::KbCategory;

constexpr int kMaxDepth = 3;  // deeper categories are drawn at this depth

// Depth of each category in the tree (0 = top level).
std::map<int64_t, int> depths(const std::vector<KbCategory>& tree) {
  std::map<int64_t, int> out;
  for (const auto& c : tree) {  // parents come before their children
    auto parent = out.find(c.parent_id);
    out[c.id] = parent == out.end() ? 0 : std::min(parent->second + 1, kMaxDepth);
  }
  return out;
}

void add_article_links(RequestContext& ctx, ctemplate::TemplateDictionary& dict, const std::vector<KbArticle>& list) {
  for (const auto& a : list) {
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

Result<std::vector<KbArticle>> published_in(RequestContext& ctx, int64_t category_id) {
  storage::KbArticleQuery q;
  q.category_id = category_id;
  q.limit = 200;
  return ctx.svc.storage.kb().list_articles(q);
}

void fill_category_heading(RequestContext& ctx, ctemplate::TemplateDictionary& dict, const KbCategory& c) {
  const auto* text = pick_text(ctx, c);
  dict.SetValue("TITLE", text ? text->title : std::string());
  dict.SetValue("URL", category_url(ctx, text ? text->slug : std::string()));
  if (text && !text->description.empty())
    dict.SetValueAndShowSection("DESCRIPTION", text->description, "HAS_DESCRIPTION");
  if (text && text->lang != ctx.lang) dict.SetValue("CONTENT_LANG", text->lang);
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

void show_kb_index(RequestContext& ctx) {
  auto tree = ctx.svc.storage.kb().list_categories();
  if (!tree.is_ok()) {
    pipeline::render_status(ctx, tree.status());
    return;
  }
  pipeline::Page page(ctx, "kb_index.tpl", ctx.t("kb.heading"));
  auto& body = page.body();
  body.SetValue("SEARCH_ACTION", search_url(ctx));
  const auto depth = depths(*tree);
  size_t shown = 0;
  for (const auto& c : *tree) {
    auto articles = published_in(ctx, c.id);
    if (!articles.is_ok()) {
      pipeline::render_status(ctx, articles.status());
      return;
    }
    auto* section = body.AddSectionDictionary("CATEGORY");
    fill_category_heading(ctx, *section, c);
    section->SetIntValue("DEPTH", depth.at(c.id));
    if (articles->empty()) section->ShowSection("NO_ARTICLES");
    add_article_links(ctx, *section, *articles);
    shown += articles->size();
  }
  if (tree->empty() || shown == 0) body.ShowSection("EMPTY");
  page.finish();
}

void show_kb_category(RequestContext& ctx) {
  const std::string_view slug = ctx.params.count("category") ? std::string_view(ctx.params.at("category")) : "";
  auto& kb = ctx.svc.storage.kb();
  auto found = kb.find_category_by_slug(ctx.lang, slug);
  if (found.status().code() == Code::kNotFound) {
    // A slug of another language: send the visitor to this language's URL.
    for (const auto& lang : ctx.settings->languages) {
      if (lang == ctx.lang) continue;
      auto other = kb.find_category_by_slug(lang, slug);
      if (!other.is_ok()) continue;
      const auto* text = pick_text(ctx, *other);
      if (text && text->slug != slug) {
        ctx.redirect(category_url(ctx, text->slug), 301);
        return;
      }
      found = std::move(other);
      break;
    }
  }
  if (!found.is_ok()) {
    if (found.status().code() == Code::kNotFound) {
      pipeline::render_error(ctx, 404, "kb.category_not_found");
    } else {
      pipeline::render_status(ctx, found.status());
    }
    return;
  }
  auto articles = published_in(ctx, found->id);
  auto tree = kb.list_categories();
  if (!articles.is_ok() || !tree.is_ok()) {
    pipeline::render_status(ctx, articles.is_ok() ? tree.status() : articles.status());
    return;
  }
  const auto* text = pick_text(ctx, *found);
  pipeline::Page page(ctx, "kb_category.tpl", text ? text->title : ctx.t("kb.heading"));
  auto& body = page.body();
  body.SetValue("KB_URL", kb_url(ctx));
  body.SetValue("SEARCH_ACTION", search_url(ctx));
  fill_category_heading(ctx, body, *found);
  for (const auto& c : *tree) {
    if (c.id == found->parent_id) {
      auto* parent = body.AddSectionDictionary("PARENT");
      fill_category_heading(ctx, *parent, c);
    }
    if (c.parent_id == found->id) {
      auto* child = body.AddSectionDictionary("CHILD");
      fill_category_heading(ctx, *child, c);
    }
  }
  if (articles->empty()) body.ShowSection("NO_ARTICLES");
  add_article_links(ctx, body, *articles);
  page.finish();
}

void show_kb_article(RequestContext& ctx) {
  const std::string_view id_slug = ctx.params.count("id_slug") ? std::string_view(ctx.params.at("id_slug")) : "";
  const auto ref = parse_article_ref(id_slug);
  if (!ref) {
    pipeline::render_error(ctx, 404, "kb.article_not_found");
    return;
  }
  auto& kb = ctx.svc.storage.kb();
  auto article = kb.find_article(ref->id);
  if (!article.is_ok() && article.status().code() != Code::kNotFound) {
    pipeline::render_status(ctx, article.status());
    return;
  }
  if (!article.is_ok() || article->status != storage::KbStatus::kPublished) {
    pipeline::render_error(ctx, 404, "kb.article_not_found");
    return;
  }
  bool fallback = false;
  const auto* t = pick_translation(ctx, *article, &fallback);
  if (!t) {
    pipeline::render_error(ctx, 404, "kb.article_not_found");
    return;
  }
  const std::string canonical = article_url(ctx, article->id, t->slug);
  // Without a language prefix any translation's slug names the article (links
  // are shared across languages; the page language follows the visitor). Under
  // /<lang>/ only that language's slug does. Anything else, or a
  // non-canonical id, is redirected to the canonical URL.
  const bool known_slug =
      ref->slug == t->slug ||
      (!ctx.lang_from_prefix && std::any_of(article->translations.begin(), article->translations.end(),
                                            [&](const storage::KbTranslation& tr) { return tr.slug == ref->slug; }));
  if (!known_slug || id_slug.substr(0, id_slug.find('-')) != std::to_string(article->id)) {
    ctx.redirect(canonical, 301);
    return;
  }
  record_page_view(ctx, article->id, t->title);

  pipeline::Page page(ctx, "kb_article.tpl", t->title);
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
  const std::string author = article->author_name.empty() ? ctx.t("kb.team") : article->author_name;
  body.SetValue("AUTHOR", ctx.svc.catalogs.format(ctx.lang, "kb.by", {{"author", author}}));
  body.SetValue(
      "DATE", ctx.svc.catalogs.format(ctx.lang, "kb.updated", {{"date", i18n::format_date(ctx.lang, t->updated_ms)}}));
  body.SetValue("DATE_ISO", iso_date(t->updated_ms));
  if (auto category = kb.find_category(article->category_id); category.is_ok()) {
    if (const auto* text = pick_text(ctx, *category)) {
      auto* c = body.AddSectionDictionary("CATEGORY");
      c->SetValue("CATEGORY_URL", category_url(ctx, text->slug));
      c->SetValue("CATEGORY_TITLE", text->title);
    }
  }
  const int64_t comments = approved_comment_count(ctx, article->id);
  body.SetValue("COMMENT_COUNT", ctx.svc.catalogs.plural(ctx.lang, "comments.count", comments));
  body.SetValue("BODY_HTML", render_markdown(t->body_md, ctx.svc.catalogs, ctx.lang));
  fill_article_engagement(ctx, body, article->id);
  page.finish();
}

}  // namespace deskd::helpcenter
