#pragma once
// Everything a request handler may use, wired once by app/. All members
// outlive every request and are thread-safe.
#include <cstdint>
#include <functional>
#include <map>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/config.h"
#include "core/random.h"
#include "core/settings.h"
#include "http/metrics.h"
#include "http/static_files.h"
#include "i18n/catalog.h"
#include "pipeline/area.h"
#include "pipeline/page_views.h"
#include "security/csrf.h"
#include "security/password.h"
#include "security/rate_limit.h"
#include "security/throttle.h"
#include "security/visitor_token.h"
#include "session/manager.h"
#include "session/remember.h"
#include "storage/store.h"

namespace deskd::pipeline {

class Renderer;
class Page;

// What an area adds to layout.tpl around each of its pages: its navigation,
// its signed-out links, widgets and banners (the layout's sections and holes
// of that area). Registered by the area with App::add_layout_part before
// serving; Page runs the parts of its request's area in registration order.
// A part may read only what PageRequest::variant() tells apart (signed in or
// not, role, consent, visitor, optional cookies, flash), or holes: prepared
// pages are shared by every request of the same variant.
using LayoutPart = std::function<void(Page& page)>;

struct Services {
  const Config& config;
  SettingsHub& settings;
  storage::Storage& storage;
  session::SessionManager& sessions;
  session::RememberMe& remember;
  security::Csrf& csrf;
  security::PasswordHasher& passwords;
  security::LoginThrottle& throttle;
  const i18n::Catalogs& catalogs;
  const Renderer& renderer;
  const http::StaticFiles& static_files;
  http::Metrics& metrics;
  const Clock& clock;
  Random& random;
  // Per-client-address limits on anonymous writes (docs/security.md, "Abuse limits").
  security::RateLimits& rate_limits;
  // Issues and checks visitor ids (dp_v, X-DP-Visitor).
  const security::VisitorTokens& visitor_tokens;
  // Set by app/ once the batched writer runs; null means page views are not recorded.
  PageViewRecorder* page_views = nullptr;
  // Run after a person signs in on a browser that carries a visitor id (SPEC §1.6:
  // the visitor's history becomes the person's). Features register theirs when
  // app/ wires them, before the server starts; each logs its own failures.
  using VisitorSignInHook = std::function<void(std::string_view visitor, int64_t person_id)>;
  std::vector<VisitorSignInHook> visitor_sign_in_hooks{};
  std::map<Area, std::vector<LayoutPart>> layout_parts{};  // see LayoutPart
};

}  // namespace deskd::pipeline
