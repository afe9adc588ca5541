#include <charconv>

#include "helpcenter/kb_links.h"
#include "helpcenter/kb_pages.h"
#include "helpcenter/kb_snippet.h"
#include "http/form.h"
#include "pipeline/app.h"
#include "pipeline/render.h"

namespace deskd::helpcenter {
namespace {

constexpr size_t kMaxQueryChars = 200;
constexpr int kPageSize = 20;
constexpr int kMaxPage = 50;

size_t utf8_chars(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

int page_number(std::string_view text) {
  int page = 1;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), page);
  if (ec != std::errc() || end != text.data() + text.size() || page < 1) return 1;
  return std::min(page, kMaxPage);
}

}  // namespace

bool show_kb_search(pipeline::RequestContext& ctx, ContentCache& content, bool may_block) {
  const std::string_view raw = ctx.query.get("q");
  const bool too_long = utf8_chars(raw) > kMaxQueryChars;
  const std::string query(too_long ? std::string_view() : raw);
  const int page_no = page_number(ctx.query.get("page"));
  const bool blank = query.find_first_not_of(" \t\r\n") == std::string::npos;
  const auto snap = content.snapshot();

  // One prepared page per language, query and page number while the
  // published content stays the same: popular queries skip the full-text
  // search and the template.
  pipeline::PageRequest request(ctx);
  pipeline::PageCache* cache = too_long ? nullptr : content.search_pages();
  const std::string key = "search|" + std::to_string(page_no) + "|" + query;
  const pipeline::PageStamp stamp{snap->generation(), 0};
  if (!may_block && !blank && !too_long &&
      !(cache && cache->find(pipeline::page_key(request, key), stamp, ctx.settings))) {
    return false;  // the full-text search reads storage
  }
  Status s = pipeline::serve_page(
      request, cache, key, stamp, "kb_search.tpl", ctx.t("kb.search_heading"),
      [&](pipeline::Page& page) {
        auto& body = page.body();
        body.SetValue("SEARCH_ACTION", search_url(ctx));
        body.SetValue("QUERY", query);
        if (too_long) {
          body.SetValueAndShowSection(
              "MESSAGE",
              ctx.svc.catalogs.format(ctx.lang, "kb.search_too_long", {{"max", std::to_string(kMaxQueryChars)}}),
              "NOTICE");
          return Status::ok();
        }
        if (blank) {
          body.SetValueAndShowSection("MESSAGE", ctx.t("kb.search_empty"), "NOTICE");
          return Status::ok();
        }
        body.SetValueAndShowSection(
            "RESULTS_FOR", ctx.svc.catalogs.format(ctx.lang, "kb.search_results_for", {{"query", query}}), "HEADING");
        auto hits = ctx.svc.storage.kb().search(ctx.lang, query, kPageSize + 1, (page_no - 1) * kPageSize);
        if (!hits.is_ok()) return hits.status();
        const bool more = hits->size() > static_cast<size_t>(kPageSize);
        if (more) hits->resize(kPageSize);
        if (hits->empty()) body.SetValueAndShowSection("MESSAGE", ctx.t("kb.search_no_results"), "NOTICE");
        for (const auto& hit : *hits) {
          auto* row = body.AddSectionDictionary("HIT");
          row->SetValue("URL", article_url(ctx, hit.article_id, hit.slug));
          row->SetValue("TITLE_HTML", marked_html(hit.title));
          row->SetValue("SNIPPET_HTML", marked_html(hit.snippet));
        }
        if (more) {
          body.SetValueAndShowSection(
              "NEXT_URL",
              search_url(ctx) + "?q=" + http::percent_encode(query) + "&page=" + std::to_string(page_no + 1), "NEXT");
        }
        return Status::ok();
      },
      too_long ? 400 : 200);
  if (!s.is_ok()) pipeline::render_status(ctx, s);
  return true;
}

}  // namespace deskd::helpcenter
