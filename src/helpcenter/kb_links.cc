#include "helpcenter/kb_links.h"

#include <ctime>

namespace deskd::helpcenter {

std::string lang_prefix(const pipeline::RequestContext& ctx) {
  return ctx.lang_from_prefix ? "/" + ctx.lang : std::string();
}

std::string kb_url(const pipeline::RequestContext& ctx) {
  return lang_prefix(ctx) + "/kb";
}

std::string category_url(const pipeline::RequestContext& ctx, std::string_view slug) {
  return lang_prefix(ctx) + "/kb/" + std::string(slug);
}

std::string article_url(const pipeline::RequestContext& ctx, int64_t id, std::string_view slug) {
  return lang_prefix(ctx) + "/kb/articles/" + std::to_string(id) + "-" + std::string(slug);
}

std::string search_url(const pipeline::RequestContext& ctx) {
  return lang_prefix(ctx) + "/search";
}

const storage::KbTranslation* pick_translation(const pipeline::RequestContext& ctx, const storage::KbArticle& article,
                                               bool* fallback) {
  const storage::KbTranslation* t = storage::find_translation(article, ctx.lang);
  if (fallback) *fallback = t == nullptr;
  if (t) return t;
  if ((t = storage::find_translation(article, ctx.settings->default_language))) return t;
  return article.translations.empty() ? nullptr : &article.translations.front();
}

const storage::KbCategoryText* pick_text(const pipeline::RequestContext& ctx, const storage::KbCategory& category) {
  if (const auto* t = storage::find_text(category, ctx.lang)) return t;
  if (const auto* t = storage::find_text(category, ctx.settings->default_language)) return t;
  return category.texts.empty() ? nullptr : &category.texts.front();
}

std::string iso_date(int64_t unix_ms) {
  const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace deskd::helpcenter
