#pragma once
// Paging of admin lists: `?page=N` (1-based) parsing, page links that keep the
// other query parameters, and the pager block of admin_pager.tpl.
#include <ctemplate/template.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace deskd::pipeline {
class RequestContext;
}

namespace deskd::admin {

inline constexpr int kPerPage = 50;

using QueryParams = std::vector<std::pair<std::string, std::string>>;

struct PageRequest {
  int number = 1;
  bool malformed = false;  // present but not a number in 1..max_page: number is 1
  int offset() const { return (number - 1) * kPerPage; }
};

// An absent or empty value is page 1 and not malformed.
PageRequest parse_page(std::string_view raw, int max_page);

// path?k=v&...&<page_param>=page with every key and value percent-encoded;
// empty values are left out; page 1 is left out.
std::string page_url(std::string_view path, const QueryParams& params, std::string_view page_param, int page);

// Adds the PAGER include (admin_pager.tpl) to `dict` when there is a previous
// or next page.
void add_pager(ctemplate::TemplateDictionary& dict, const pipeline::RequestContext& ctx, std::string_view path,
               const QueryParams& params, std::string_view page_param, int page, bool has_next,
               std::string_view marker = "PAGER");

}  // namespace deskd::admin
