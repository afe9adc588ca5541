// Rendering: the Help Center article page (kb_article.tpl inside layout.tpl,
// with the dictionary an anonymous portal visitor's request builds) and the
// Markdown of the longest demo article ("What cookies does deskd use?",
// web/demo/kb.json), cookie table included.
#include <benchmark/benchmark.h>

#include <ctemplate/template.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "bench/micro/web_dir.h"
#include "helpcenter/markdown.h"
#include "i18n/catalog.h"
#include "pipeline/render.h"

namespace deskd::bench {
namespace {

struct RenderBed {
  std::optional<i18n::Catalogs> catalogs;
  std::unique_ptr<pipeline::Renderer> renderer;
  std::string title;
  std::string markdown;
  std::string body_html;
  std::string error;
};

// The first demo article's English title and Markdown (blocks joined as paragraphs).
bool load_demo_article(RenderBed& bed) {
  std::ifstream in(web_dir() + "/demo/kb.json");
  auto doc = nlohmann::json::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.contains("articles") || doc["articles"].empty()) return false;
  const auto& en = doc["articles"][0]["translations"]["en"];
  bed.title = en.value("title", "");
  for (const auto& block : en["body"]) {
    if (!bed.markdown.empty()) bed.markdown += "\n\n";
    bed.markdown += block.get<std::string>();
  }
  return !bed.markdown.empty();
}

RenderBed& bed() {
  static RenderBed b = [] {
    RenderBed r;
    auto catalogs = i18n::Catalogs::load(web_dir() + "/locales", {"en", "da", "de"}, "en");
    if (!catalogs.is_ok()) {
      r.error = catalogs.status().to_string();
      return r;
    }
    r.catalogs = std::move(*catalogs);
    auto renderer = pipeline::Renderer::load(web_dir() + "/templates", *r.catalogs);
    if (!renderer.is_ok()) {
      r.error = renderer.status().to_string();
      return r;
    }
    r.renderer = std::move(*renderer);
    if (!load_demo_article(r))
      r.error = "no demo article in " + web_dir() + "/demo/kb.json";
    else
      r.body_html = helpcenter::render_markdown(r.markdown, *r.catalogs, "en");
    return r;
  }();
  return b;
}

// The dictionaries pipeline::Page and the article handler fill for an
// anonymous portal visitor with consent given.
std::string render_article_page(RenderBed& b) {
  ctemplate::TemplateDictionary root("page");
  root.SetValue("LANG", "en");
  root.SetValue("TITLE", b.title);
  root.SetValue("AREA", "portal");
  root.SetValue("CSS_URL", "/static/deskd.css?v=3f9a1c2b");
  auto* body = root.AddIncludeDictionary("BODY");
  body->SetFilename("kb_article.tpl");
  body->SetValue("LANG", "en");
  body->SetValue("KB_URL", "/kb");
  auto* category = body->AddSectionDictionary("CATEGORY");
  category->SetValue("CATEGORY_URL", "/kb/general");
  category->SetValue("CATEGORY_TITLE", "General");
  body->SetValue("CONTENT_LANG", "en");
  body->SetValue("TITLE", b.title);
  body->SetValue("AUTHOR", "Help Center team");
  body->SetValue("DATE_ISO", "2026-11-29");
  body->SetValue("DATE", "29 November 2026");
  body->SetValue("COMMENT_COUNT", "2 comments");
  body->SetValue("BODY_HTML", b.body_html);
  auto* votes = body->AddIncludeDictionary("VOTES");
  votes->SetFilename("engage_votes.tpl");
  votes->SetValue("ACTION", "/kb/articles/1/vote");
  votes->SetValue("CSRF", "bWFza2VkLXRva2VuLTY0LWJ5dGVzLW1hc2tlZC10b2tlbi02NC1ieXRlcy1tYXNrZWQtdG9rZW4tNjQ");
  votes->SetValue("UP", "12");
  votes->SetValue("DOWN", "1");
  votes->SetValue("UP_PRESSED", "false");
  votes->SetValue("DOWN_PRESSED", "false");
  root.SetValue("HOME_URL", "/");
  root.AddSectionDictionary("PORTAL_NAV");
  root.ShowSection("SIGNED_OUT");
  auto* m = root.AddSectionDictionary("MESSENGER");
  m->SetValueAndShowSection("VISITOR", "Q2u8wYb1nA7rZr3kLxVt0pE6mHc9sJf4dGiUoWq2XyM", "HAS_VISITOR");
  for (const char* code : {"en", "da", "de"}) {
    auto* l = root.AddSectionDictionary("LANGUAGE");
    l->SetValue("CODE", code);
    l->SetValue("NAME", code);
    l->SetValue("RETURN_TO", "/kb/articles/1-what-cookies-does-deskd-use");
    if (std::string_view(code) == "en") l->ShowSection("CURRENT");
  }
  return b.renderer->expand("layout.tpl", root, "en");
}

void BM_TemplateRenderArticlePage(benchmark::State& state) {
  auto& b = bed();
  if (!b.error.empty()) {
    state.SkipWithError(b.error.c_str());
    return;
  }
  size_t bytes = 0;
  for (auto _ : state) bytes = render_article_page(b).size();
  if (bytes < b.body_html.size()) state.SkipWithError("the page does not contain the article body");
  state.counters["page_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_TemplateRenderArticlePage);

void BM_MarkdownRenderDemoArticle(benchmark::State& state) {
  auto& b = bed();
  if (!b.error.empty()) {
    state.SkipWithError(b.error.c_str());
    return;
  }
  size_t bytes = 0;
  for (auto _ : state) bytes = helpcenter::render_markdown(b.markdown, *b.catalogs, "en").size();
  state.counters["markdown_bytes"] = static_cast<double>(b.markdown.size());
  state.counters["html_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_MarkdownRenderDemoArticle);

}  // namespace
}  // namespace deskd::bench
