#include "helpcenter/kb_routes.h"

#include "helpcenter/kb_links.h"
#include "helpcenter/kb_pages.h"

namespace deskd::helpcenter {
namespace {

constexpr int kHomeListSize = 5;

void add_list(pipeline::RequestContext& ctx, ctemplate::TemplateDictionary& body, const char* section,
              storage::KbOrder order) {
  storage::KbArticleQuery q;
  q.lang = ctx.lang;
  q.order = order;
  q.limit = kHomeListSize;
  auto list = ctx.svc.storage.kb().list_articles(q);
  if (!list.is_ok()) return;
  for (const auto& a : *list) {
    const auto* t = pick_translation(ctx, a);
    if (!t) continue;
    auto* row = body.AddSectionDictionary(section);
    row->SetValue("URL", article_url(ctx, a.id, t->slug));
    row->SetValue("TITLE", t->title);
  }
  if (!list->empty()) body.ShowSection(std::string(section) + "_LIST");
}

}  // namespace

void register_kb_routes(pipeline::App& app) {
  using pipeline::Area;
  app.get(Area::kPortal, "/kb", show_kb_index);
  app.get(Area::kPortal, "/kb/{category}", show_kb_category);
  app.get(Area::kPortal, "/kb/articles/{id_slug}", show_kb_article);
  app.get(Area::kPortal, "/search", show_kb_search);
}

void fill_kb_home(pipeline::RequestContext& ctx, ctemplate::TemplateDictionary& body) {
  body.SetValue("SEARCH_ACTION", search_url(ctx));
  body.SetValue("KB_URL", kb_url(ctx));
  if (auto tree = ctx.svc.storage.kb().list_categories(); tree.is_ok()) {
    for (const auto& c : *tree) {
      if (c.parent_id != 0) continue;
      const auto* text = pick_text(ctx, c);
      if (!text) continue;
      auto* row = body.AddSectionDictionary("CATEGORY");
      row->SetValue("URL", category_url(ctx, text->slug));
      row->SetValue("TITLE", text->title);
      if (!text->description.empty()) row->SetValueAndShowSection("DESCRIPTION", text->description, "HAS_DESCRIPTION");
    }
    if (!tree->empty()) body.ShowSection("CATEGORY_LIST");
  }
  add_list(ctx, body, "POPULAR", storage::KbOrder::kPopular);
  add_list(ctx, body, "NEWEST", storage::KbOrder::kNewest);
}

}  // namespace deskd::helpcenter
