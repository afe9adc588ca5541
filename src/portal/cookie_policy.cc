#include "portal/cookie_policy.h"

#include "helpcenter/cookie_rows.h"
#include "pipeline/render.h"

namespace deskd::portal {

void show_cookie_policy(pipeline::RequestContext& ctx) {
  pipeline::Page page(ctx, "cookies.tpl", ctx.t("cookies.heading"));
  for (const auto& row : helpcenter::cookie_rows(ctx.svc.catalogs, ctx.lang)) {
    auto* r = page.body().AddSectionDictionary("ROW");
    r->SetValue("PURPOSE", row.purpose);
    r->SetValue("TYPE", row.type);
    r->SetValue("APPLIES", row.applies);
    for (std::string_view name : row.names) r->AddSectionDictionary("NAME")->SetValue("COOKIE", std::string(name));
  }
  page.finish();
}

}  // namespace deskd::portal
