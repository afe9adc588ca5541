#pragma once
// RequestContext: one request's state as it flows through the middleware
// chain (see docs/architecture.md) into a handler. Created and used on one
// worker thread; never shared.
#include <memory>
#include <optional>
#include <string>

#include "cookies/jar.h"
#include "cookies/request_cookies.h"
#include "http/form.h"
#include "http/multipart.h"
#include "http/message.h"
#include "http/router.h"
#include "pipeline/area.h"
#include "pipeline/services.h"
#include "session/interface.h"
#include "session/manager.h"
#include "storage/records.h"

namespace deskd::pipeline {

// "portal" | "agent" | "admin" | "messenger" | "ops" | "api"
const char* interface_label(Area area);
// Who may hold a session of an area: anyone on the portal, agents and admins on
// /agent, admins only on /admin.
bool area_admits(Area area, storage::Role role);

class RequestContext {
 public:
  RequestContext(const http::Request& request, Services& services);

  const http::Request& req;
  Services& svc;
  http::Response res;
  std::shared_ptr<const Settings> settings;

  Area area = Area::kPortal;
  session::Interface iface = session::Interface::kPortal;  // meaningful for portal, agent, admin
  std::string route;                                       // route pattern, for metrics
  http::PathParams params;
  std::string path;  // request path without a language prefix
  bool https = false;
  std::string client_ip;
  std::string own_origin;     // scheme://host[:port] as the browser sees this server (for origin checks)
  std::string public_origin;  // what absolute URLs (mail links, the Messenger) start with: server.public_url's
                              // origin, else the listen address; never taken from a request header
  std::string lang;           // resolved language
  bool lang_from_prefix = false;
  cookies::RequestCookies cookies;
  cookies::CookieJar jar;
  http::Form query;
  http::Form form;  // urlencoded body of unsafe requests, or a multipart body's text fields
  std::vector<http::FilePart> files;  // a multipart body's file parts (routes with Route::multipart)

  std::optional<session::Session> session;  // the live session of `iface`
  std::optional<storage::Person> person;    // its signed-in person
  std::optional<std::string> visitor;       // dp_v visitor id, when optional cookies are allowed
  // Set by a handler of a safe request that changed a person (a saved
  // language): the pipeline then drops what it keeps of people in memory, as
  // it does after every unsafe request.
  bool people_changed = false;
  std::optional<storage::ApiKey> api_key;   // Area::kApi: the key that authenticated the request

  // The trusted value of a registry cookie (under its wire name); nullopt when
  // absent, duplicated with any value failing `valid`, or oversize.
  std::optional<std::string_view> cookie(cookies::CookieId id,
                                         const std::function<bool(std::string_view)>& valid) const;
  std::string cookie_wire_name(cookies::CookieId id) const;

  // A freshly masked CSRF token for a form; issues the cookie when needed.
  std::string csrf_token();
  // The CSRF secret from the cookie, if the cookie is valid for this request:
  // its MAC must bind it to the session of this interface, or to another
  // interface's live session of this browser, or (only when the browser has no
  // session at all) to no session.
  std::optional<std::string> csrf_secret_from_cookie();
  // True when `token` (masked) matches the cookie's secret.
  bool csrf_valid(std::string_view token);
  // Replaces the CSRF secret (login/logout rotation).
  void rotate_csrf();

  // The session of `iface`, created (anonymous) when there is none.
  Result<session::Session*> ensure_session();
  // Starts a signed-in session for `person_id` (rotating any existing one) and
  // rotates the CSRF secret.
  Status sign_in(const storage::Person& p, bool via_remember);
  // Ends the current session and rotates the CSRF secret.
  Status sign_out();

  // Remember Me may be offered on this interface's login form: never on
  // /admin, only with optional cookies allowed and the audience switched on.
  bool remember_me_offered() const;

  // Stores a flash message (in the session, creating one) shown on the next page.
  void flash(std::string message_key);
  std::optional<std::string> take_flash();

  void redirect(std::string_view location, int status = 303);
  std::string t(std::string_view key) const;  // catalog text in ctx.lang
  bool signed_in() const { return person.has_value(); }
  bool optional_cookies_allowed() const;

 private:
  const std::vector<std::string>& csrf_bindings();
  std::optional<std::string> csrf_secret_;
  std::optional<std::vector<std::string>> csrf_bindings_;
};

// A local path safe for a redirect (starts with one '/', no scheme, no
// backslash, no control characters); otherwise `fallback`.
std::string safe_return_to(std::string_view candidate, std::string_view fallback);

// `login_path` with a return_to back to the page as requested: its path
// (language prefix included) and, while the whole passes safe_return_to's
// length limit, its query, so a filtered list or search survives signing in.
std::string login_url_returning_here(std::string_view login_path, const RequestContext& ctx);

}  // namespace deskd::pipeline
