#include "cookies/request_cookies.h"

#include <algorithm>

#include "cookies/set_cookie.h"
#include "core/text.h"

namespace deskd::cookies {
namespace {



}  // namespace

RequestCookies RequestCookies::parse(const std::vector<std::string_view>& header_values) {
  RequestCookies out;
  for (std::string_view header : header_values) {
    while (!out.full_) {
      size_t semi = header.find(';');
      out.add(header.substr(0, semi));
      if (semi == std::string_view::npos) break;
      header.remove_prefix(semi + 1);
    }
  }
  return out;
}

void RequestCookies::add(std::string_view pair) {
  size_t eq = pair.find('=');
  if (eq == std::string_view::npos) return;
  std::string_view name = trim_ows(pair.substr(0, eq));
  std::string_view value = trim_ows(pair.substr(eq + 1));
  if (name.empty()) return;
  if (value.size() > kMaxValueBytes || name.size() > kMaxValueBytes) {
    if (!sent_oversize(name)) oversize_names_.emplace_back(name);
    return;
  }
  pairs_.push_back({std::string(name), std::string(value)});
  full_ = pairs_.size() >= kMaxRequestPairs;
}

bool RequestCookies::sent_oversize(std::string_view name) const {
  return std::find(oversize_names_.begin(), oversize_names_.end(), name) != oversize_names_.end();
}

std::vector<std::string_view> RequestCookies::values(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const Pair& p : pairs_) {
    if (p.name == name) out.emplace_back(p.value);
  }
  return out;
}

bool RequestCookies::present(std::string_view name) const {
  return std::any_of(pairs_.begin(), pairs_.end(), [&](const Pair& p) { return p.name == name; });
}

std::optional<std::string_view> RequestCookies::pick(std::string_view name,
                                                     const std::function<bool(std::string_view)>& valid) const {
  if (sent_oversize(name)) return std::nullopt;
  std::vector<std::string_view> sent = values(name);
  if (sent.empty()) return std::nullopt;
  for (std::string_view v : sent) {
    if (!valid(v)) return std::nullopt;
  }
  return sent.front();
}

}  // namespace deskd::cookies
