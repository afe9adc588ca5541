#pragma once
// Login and logout for the three interfaces (SPEC §6a): GET/POST <base>/login
// with fields email, password, remember_me, return_to; POST <base>/logout.
// Unknown e-mail and wrong password give the same answer and cost the same
// argon2id time; failures are throttled under security::login_keys (per client
// address, per account and address, and a softer account-wide ceiling).
#include <string>

#include "pipeline/app.h"

namespace deskd::accounts {

struct LoginArea {
  pipeline::Area area;
  std::string base;         // "" (portal), "/agent", "/admin"
  std::string heading_key;  // catalog key of the form's heading
};

void register_login_routes(pipeline::App& app, const LoginArea& where);

// The interface's login URL with a return_to back to the current page.
std::string login_url(const pipeline::RequestContext& ctx, const LoginArea& where);

// Redirects to the login form when nobody is signed in; returns true when the
// handler may go on.
bool require_sign_in(pipeline::RequestContext& ctx, const LoginArea& where);

}  // namespace deskd::accounts
