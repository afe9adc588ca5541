#include "admin/paging.h"

#include "http/form.h"
#include "pipeline/context.h"

namespace deskd::admin {

PageRequest parse_page(std::string_view raw, int max_page) {
  PageRequest r;
  if (raw.empty()) return r;
  int64_t n = 0;
  for (char c : raw) {
    if (c < '0' || c > '9' || n > max_page) {
      r.malformed = true;
      return r;
    }
    n = n * 10 + (c - '0');
  }
  if (n < 1 || n > max_page) {
    r.malformed = true;
    return r;
  }
  r.number = static_cast<int>(n);
  return r;
}

std::string page_url(std::string_view path, const QueryParams& params, std::string_view page_param, int page) {
  std::string url(path);
  char sep = '?';
  for (const auto& [k, v] : params) {
    if (v.empty() || k == page_param) continue;
    url += sep;
    url += http::percent_encode(k) + "=" + http::percent_encode(v);
    sep = '&';
  }
  if (page > 1) {
    url += sep;
    url += std::string(page_param) + "=" + std::to_string(page);
  }
  return url;
}

void add_pager(ctemplate::TemplateDictionary& dict, const pipeline::RequestContext& ctx, std::string_view path,
               const QueryParams& params, std::string_view page_param, int page, bool has_next,
               std::string_view marker) {
  if (page <= 1 && !has_next) return;
  auto* pager = dict.AddIncludeDictionary(std::string(marker));
  pager->SetFilename("admin_pager.tpl");
  pager->SetValue("PAGE_TEXT", ctx.svc.catalogs.format(ctx.lang, "admin.pager.page", {{"n", std::to_string(page)}}));
  if (page > 1) pager->SetValueAndShowSection("PREV_URL", page_url(path, params, page_param, page - 1), "PREV");
  if (has_next) pager->SetValueAndShowSection("NEXT_URL", page_url(path, params, page_param, page + 1), "NEXT");
}

}  // namespace deskd::admin
