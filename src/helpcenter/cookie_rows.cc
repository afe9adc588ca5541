#include "helpcenter/cookie_rows.h"

#include "cookies/registry.h"

namespace deskd::helpcenter {

std::vector<CookieRow> cookie_rows(const i18n::Catalogs& catalogs, std::string_view lang) {
  std::vector<CookieRow> rows;
  std::string_view last_purpose;
  for (const auto& spec : cookies::registry()) {
    if (rows.empty() || spec.purpose_key != last_purpose) {
      last_purpose = spec.purpose_key;
      CookieRow row;
      row.purpose = catalogs.text(lang, spec.purpose_key);
      row.type = catalogs.text(
                     lang, spec.category == cookies::Category::kEssential ? "cookies.essential" : "cookies.optional") +
                 " / " +
                 catalogs.text(
                     lang, spec.lifetime == cookies::Lifetime::kSession ? "cookies.session" : "cookies.multi_session");
      row.applies = catalogs.text(lang, spec.applies_to_key);
      rows.push_back(std::move(row));
    }
    rows.back().names.push_back(spec.name);
  }
  return rows;
}

}  // namespace deskd::helpcenter
