#pragma once
// The cookie policy table (SPEC §1, §2 /cookies) as rows built from the live
// cookie registry in one language. Shared by the /cookies page and the
// [[cookie-table]] line in knowledge-base articles. Pure; thread-safe.
#include <string>
#include <string_view>
#include <vector>

#include "i18n/catalog.h"

namespace deskd::helpcenter {

struct CookieRow {
  std::vector<std::string_view> names;  // cookies sharing one purpose, in registry order
  std::string purpose;
  std::string type;     // e.g. "Essential / Session"
  std::string applies;  // e.g. "Users, Agents"
};

// One row per purpose, in the registry's order (the seed document's order).
std::vector<CookieRow> cookie_rows(const i18n::Catalogs& catalogs, std::string_view lang);

}  // namespace deskd::helpcenter
