// /api/v1/articles: list, get, create, update knowledge-base articles. Writes
// go through KbStore like the agent's article editor, with its limits; the
// store bumps the content revision in the same transaction, so every node's
// Help Center snapshot is rebuilt as after an edit in the editor (SPEC §8).
#include "api/routes.h"

#include <algorithm>

#include "api/body.h"
#include "api/common.h"
#include "helpcenter/kb_content.h"
#include "helpcenter/kb_slug.h"
#include "http/form.h"
#include "pipeline/audit.h"
#include "pipeline/json_answer.h"

namespace deskd::api {
namespace {

using pipeline::answer_api_error;
using pipeline::answer_json;
using pipeline::RequestContext;
using storage::ApiScope;
using storage::KbArticle;

// Article bodies are up to helpcenter::kMaxBodyBytes per language.
constexpr size_t kArticleBodyLimit = 1024 * 1024;

json article_json(const KbArticle& a) {
  json j;
  j["id"] = a.id;
  j["category_id"] = a.category_id;
  j["status"] = storage::kb_status_name(a.status);
  j["author"] = a.author_name.empty() ? json(nullptr) : json(a.author_name);
  j["created_at"] = timestamp(a.created_ms);
  j["updated_at"] = timestamp(a.updated_ms);
  j["view_count"] = a.view_count;
  json translations = json::array();
  for (const auto& t : a.translations) {
    translations.push_back({{"lang", t.lang},
                            {"title", t.title},
                            {"slug", t.slug},
                            {"body", t.body_md},
                            {"updated_at", timestamp(t.updated_ms)}});
  }
  j["translations"] = std::move(translations);
  return j;
}

std::optional<KbArticle> find_article(RequestContext& ctx) {
  auto id = http::parse_positive_id(param(ctx, "id"), 15);
  auto article = id ? ctx.svc.storage.kb().find_article(*id) : Result<KbArticle>(not_found("no such article"));
  if (!article) {
    if (article.status().code() == Code::kNotFound) {
      answer_api_error(ctx, 404, "no article with this id");
    } else {
      pipeline::render_status(ctx, article.status());
    }
    return std::nullopt;
  }
  return std::move(*article);
}

// GET /api/v1/articles?status=published|any&category=&lang=&limit=&cursor=
// Oldest first (stable pages). Drafts are listed too unless status=published.
void list_articles(RequestContext& ctx) {
  auto page = read_page(ctx);
  if (!page) return;
  storage::KbArticleQuery q;
  q.order = storage::KbOrder::kOldest;
  q.limit = page->limit + 1;
  q.offset = page->offset;
  const std::string_view status = ctx.query.has("status") ? ctx.query.get("status") : "any";
  if (status != "any" && status != "published") return answer_api_error(ctx, 400, "status must be published or any");
  q.published_only = status == "published";
  if (ctx.query.has("category")) {
    auto category = http::parse_positive_id(ctx.query.get("category"), 15);
    if (!category) return answer_api_error(ctx, 400, "category must be a positive id");
    q.category_id = *category;
  }
  if (ctx.query.has("lang")) {
    const auto& langs = ctx.settings->languages;
    q.lang = ctx.query.get("lang");
    if (std::find(langs.begin(), langs.end(), q.lang) == langs.end())
      return answer_api_error(ctx, 400, "lang is not one of this helpdesk's languages");
  }
  auto rows = ctx.svc.storage.kb().list_articles(q);
  if (!rows) return pipeline::render_status(ctx, rows.status());
  const bool more = rows->size() > static_cast<size_t>(page->limit);
  if (more) rows->resize(page->limit);
  json list = json::array();
  for (const auto& a : *rows) list.push_back(article_json(a));
  answer_json(ctx, 200, {{"articles", std::move(list)}, {"next_cursor", more ? json(next_cursor(*page)) : json(nullptr)}});
}

void get_article(RequestContext& ctx) {
  if (auto a = find_article(ctx)) answer_json(ctx, 200, article_json(*a));
}

// Reads category_id, status and translations from `body` into `out` (fields
// absent from `body` keep out's values). Answers 400/422 and returns false on
// a problem.
bool read_article(RequestContext& ctx, const json& body, KbArticle& out, bool creating) {
  if (body.contains("category_id") || creating) {
    auto category = id_field(ctx, body, "category_id");
    if (!category) return false;
    if (!ctx.svc.storage.kb().find_category(*category).is_ok()) {
      answer_api_error(ctx, 422, "no category has this id");
      return false;
    }
    out.category_id = *category;
  }
  auto status = text_field(ctx, body, "status");
  if (!status) return false;
  if (status->present) {
    auto parsed = storage::parse_kb_status(status->value);
    if (!parsed) {
      answer_api_error(ctx, 422, "status must be draft or published");
      return false;
    }
    out.status = *parsed;
  }
  auto it = body.find("translations");
  if (it == body.end()) {
    if (creating) answer_api_error(ctx, 400, "translations are required");
    return !creating;
  }
  if (!it->is_array() || it->empty()) {
    answer_api_error(ctx, 400, "translations must be a non-empty array");
    return false;
  }
  std::vector<std::string> given;  // languages of this request: each at most once
  for (const auto& item : *it) {
    if (!item.is_object()) {
      answer_api_error(ctx, 400, "each translation must be an object");
      return false;
    }
    for (const auto& field : item.items()) {
      if (field.key() != "lang" && field.key() != "title" && field.key() != "slug" && field.key() != "body") {
        answer_api_error(ctx, 400, "unknown translation field \"" + field.key() + "\"");
        return false;
      }
    }
    auto lang = text_field(ctx, item, "lang");
    auto title = text_field(ctx, item, "title");
    auto slug = text_field(ctx, item, "slug");
    auto text = text_field(ctx, item, "body");
    if (!lang || !title || !slug || !text) return false;
    const auto& langs = ctx.settings->languages;
    if (std::find(langs.begin(), langs.end(), lang->value) == langs.end()) {
      answer_api_error(ctx, 422, "translation lang is not one of this helpdesk's languages");
      return false;
    }
    if (std::find(given.begin(), given.end(), lang->value) != given.end()) {
      answer_api_error(ctx, 400, "two translations for lang \"" + lang->value + "\"");
      return false;
    }
    given.push_back(lang->value);
    if (title->value.empty() || !http::valid_utf8(title->value) ||
        helpcenter::utf8_length(title->value) > helpcenter::kMaxTitleChars) {
      answer_api_error(ctx, 422, "a translation's title must be 1 to " + std::to_string(helpcenter::kMaxTitleChars) +
                                     " characters");
      return false;
    }
    if (!slug->value.empty() && !helpcenter::valid_slug(slug->value)) {
      answer_api_error(ctx, 422, "slug may hold lower-case letters, digits and hyphens only");
      return false;
    }
    if (!http::valid_utf8(text->value) || text->value.size() > helpcenter::kMaxBodyBytes) {
      answer_api_error(ctx, 422, "a translation's body must be UTF-8 of at most " +
                                     std::to_string(helpcenter::kMaxBodyBytes) + " bytes");
      return false;
    }
    // Languages given replace their translation; the others stay.
    std::erase_if(out.translations, [&](const storage::KbTranslation& t) { return t.lang == lang->value; });
    out.translations.push_back(
        helpcenter::make_translation(ctx.svc.catalogs, lang->value, title->value, slug->value, text->value));
  }
  std::sort(out.translations.begin(), out.translations.end(),
            [](const auto& a, const auto& b) { return a.lang < b.lang; });
  return true;
}

// POST /api/v1/articles {category_id, status?, translations: [{lang, title, slug?, body}]}
void create(RequestContext& ctx) {
  auto body = read_object(ctx, {"category_id", "status", "translations"});
  if (!body) return;
  KbArticle article;
  if (!read_article(ctx, *body, article, /*creating=*/true)) return;
  if (Status s = ctx.svc.storage.kb().create_article(article); !s.is_ok()) {
    if (s.code() == Code::kInvalidArgument) return answer_api_error(ctx, 422, s.message());
    return pipeline::render_status(ctx, s);
  }
  pipeline::audit(ctx, "api_article_created", 0, actor_name(ctx), std::to_string(article.id));
  auto stored = ctx.svc.storage.kb().find_article(article.id);
  if (!stored) return pipeline::render_status(ctx, stored.status());
  answer_json(ctx, 201, article_json(*stored));
}

// PATCH /api/v1/articles/{id} with any of category_id, status, translations.
void update(RequestContext& ctx) {
  auto body = read_object(ctx, {"category_id", "status", "translations"});
  if (!body) return;
  if (body->empty()) return answer_api_error(ctx, 400, "give at least one of category_id, status, translations");
  auto article = find_article(ctx);
  if (!article) return;
  if (!read_article(ctx, *body, *article, /*creating=*/false)) return;
  if (Status s = ctx.svc.storage.kb().update_article(*article); !s.is_ok()) {
    if (s.code() == Code::kInvalidArgument) return answer_api_error(ctx, 422, s.message());
    return pipeline::render_status(ctx, s);
  }
  pipeline::audit(ctx, "api_article_updated", 0, actor_name(ctx), std::to_string(article->id));
  auto stored = ctx.svc.storage.kb().find_article(article->id);
  if (!stored) return pipeline::render_status(ctx, stored.status());
  answer_json(ctx, 200, article_json(*stored));
}

}  // namespace

void register_article_routes(pipeline::App& app) {
  add_route(app, "GET", "/api/v1/articles", ApiScope::kKbRead, list_articles);
  add_route(app, "GET", "/api/v1/articles/{id}", ApiScope::kKbRead, get_article);
  add_route(app, "POST", "/api/v1/articles", ApiScope::kKbWrite, create, {.body_limit = kArticleBodyLimit});
  add_route(app, "PATCH", "/api/v1/articles/{id}", ApiScope::kKbWrite, update, {.body_limit = kArticleBodyLimit});
}

}  // namespace deskd::api
