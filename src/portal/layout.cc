#include "portal/layout.h"

#include "i18n/format.h"
#include "pipeline/context.h"

namespace deskd::portal {

using pipeline::Hole;

void fill_portal_layout(pipeline::Page& page) {
  pipeline::RequestContext& ctx = page.ctx();
  auto& root = page.root();
  auto* nav = root.AddSectionDictionary("PORTAL_NAV");
  if (ctx.person) {
    nav->ShowSection("PORTAL_SIGNED_IN");
  } else {
    root.ShowSection("SIGNED_OUT");
  }
  // The Messenger widget (docs/messenger.md): the page hands the loader the
  // visitor id, since the server-set dp_v is HttpOnly; without optional
  // cookies the loader and widget write none.
  auto* messenger = root.AddSectionDictionary("MESSENGER");
  if (ctx.visitor) {
    page.hole(*messenger, "VISITOR", Hole::kVisitor);
    messenger->ShowSection("HAS_VISITOR");
  }
  if (!ctx.optional_cookies_allowed()) messenger->ShowSection("NO_CONSENT");
  for (const auto& code : ctx.settings->languages) {
    auto* language = root.AddSectionDictionary("LANGUAGE");
    language->SetValue("CODE", code);
    language->SetValue("NAME", i18n::language_name(code));
    page.hole(*language, "RETURN_TO", Hole::kPath);
    if (code == ctx.lang) language->ShowSection("CURRENT");
  }
  if (pipeline::consent_pending(ctx)) {
    auto* consent = root.AddSectionDictionary("CONSENT");
    page.hole(*consent, "CSRF", Hole::kCsrf);
    page.hole(*consent, "RETURN_TO", Hole::kReturnTo);
  }
}

}  // namespace deskd::portal
