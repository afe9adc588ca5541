#include "portal/cookie_policy.h"

#include "cookies/registry.h"
#include "pipeline/render.h"

namespace deskd::portal {

void show_cookie_policy(pipeline::RequestContext& ctx) {
  pipeline::Page page(ctx, "cookies.tpl", ctx.t("cookies.heading"));
  // Cookies sharing a purpose (the three session ids, the loader pair) form one row.
  std::string_view last_purpose;
  ctemplate::TemplateDictionary* row = nullptr;
  for (const auto& spec : cookies::registry()) {
    if (spec.purpose_key != last_purpose) {
      row = page.body().AddSectionDictionary("ROW");
      last_purpose = spec.purpose_key;
      row->SetValue("PURPOSE", ctx.t(spec.purpose_key));
      const std::string category =
          ctx.t(spec.category == cookies::Category::kEssential ? "cookies.essential" : "cookies.optional");
      const std::string lifetime =
          ctx.t(spec.lifetime == cookies::Lifetime::kSession ? "cookies.session" : "cookies.multi_session");
      row->SetValue("TYPE", category + " / " + lifetime);
      row->SetValue("APPLIES", ctx.t(spec.applies_to_key));
    }
    row->AddSectionDictionary("NAME")->SetValue("COOKIE", std::string(spec.name));
  }
  page.finish();
}

}  // namespace deskd::portal
