#pragma once
// The Help Center's part of layout.tpl (pipeline::LayoutPart): its navigation,
// the sign-in links for a visitor who is not signed in, the Messenger loader,
// the language menu and the cookie-consent banner.
#include "pipeline/render.h"

namespace deskd::portal {

void fill_portal_layout(pipeline::Page& page);

}  // namespace deskd::portal
