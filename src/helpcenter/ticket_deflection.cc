#include "helpcenter/ticket_deflection.h"

#include <nlohmann/json.hpp>

#include "core/degraded.h"
#include "helpcenter/kb_links.h"
#include "http/form.h"
#include "pipeline/render.h"
#include "storage/kb_store.h"

namespace deskd::helpcenter {
namespace {

using pipeline::Area;
using pipeline::RequestContext;

constexpr size_t kMaxQueryChars = 200;  // as /search
constexpr int kSuggestions = 5;

size_t utf8_chars(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string without_markers(std::string text) {
  for (std::string_view m : {storage::kKbMarkOpen, storage::kKbMarkClose}) {
    for (size_t at = text.find(m); at != std::string::npos; at = text.find(m, at)) text.erase(at, m.size());
  }
  return text;
}

bool plain_slug(std::string_view slug) {
  for (char c : slug)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return slug.size() <= 200;
}

void suggest(RequestContext& ctx) {
  const std::string_view q = ctx.query.get("q");
  nlohmann::json articles = nlohmann::json::array();
  const bool blank = q.find_first_not_of(" \t\r\n") == std::string_view::npos;
  if (!blank && utf8_chars(q) <= kMaxQueryChars) {
    auto hits = ctx.svc.storage.kb().search(ctx.lang, q, kSuggestions, 0);
    if (!hits) return pipeline::render_status(ctx, hits.status());
    for (const auto& hit : *hits) {
      const std::string slug = plain_slug(hit.slug) ? hit.slug : std::string();
      articles.push_back({{"id", hit.article_id},
                          {"title", without_markers(hit.title)},
                          {"url", lang_prefix(ctx) + "/new-ticket/suggested/" + std::to_string(hit.article_id) +
                                      (slug.empty() ? "" : "-" + slug)},
                          {"snippet", without_markers(hit.snippet)}});
    }
  }
  ctx.res.status = 200;
  ctx.res.set_header("Content-Type", "application/json");
  ctx.res.set_header("Cache-Control", "no-store");
  ctx.res.body = nlohmann::json{{"articles", articles}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void open_suggested(RequestContext& ctx) {
  const auto it = ctx.params.find("id_slug");
  const std::string_view id_slug = it == ctx.params.end() ? std::string_view() : std::string_view(it->second);
  const size_t dash = id_slug.find('-');
  const std::optional<int64_t> id = http::parse_positive_id(id_slug.substr(0, dash));
  const std::string_view slug = dash == std::string_view::npos ? std::string_view() : id_slug.substr(dash + 1);
  if (!id || !plain_slug(slug)) return pipeline::render_error(ctx, 404);
  if (ctx.visitor) {
    // Visit analytics like a page view: a failure is logged and counted as a
    // dropped page view; the visitor still gets the article.
    ok_or_degraded(Degraded::kPageViewsDropped,
                   ctx.svc.storage.insights().record_deflection(*ctx.visitor, *id, ctx.svc.clock.now_ms()),
                   "recording an opened ticket suggestion");
  }
  ctx.redirect(article_url(ctx, *id, slug), 303);
}

}  // namespace

void register_deflection_routes(pipeline::App& app) {
  app.get(Area::kPortal, "/new-ticket/suggest", suggest);
  app.get(Area::kPortal, "/new-ticket/suggested/{id_slug}", open_suggested);
}

}  // namespace deskd::helpcenter
