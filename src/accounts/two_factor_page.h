#pragma once
// The one page of two-factor sign-in (two_factor.tpl) in its shapes: the
// second sign-in step, enrolment (otpauth:// URI, QR code, secret), the
// recovery codes shown once, and the account's status with its forms. Every
// form posts one field, `code`.
#include <string>
#include <vector>

#include "pipeline/context.h"
#include "pipeline/render.h"
#include "storage/records.h"

namespace deskd::accounts {

struct CodeForm {
  std::string action;
  std::string label_key;
  std::string button_key;
  std::string hint_key;  // "" = none
};

struct TwoFactorView {
  std::string heading_key;
  std::string intro_key;           // "" = none
  std::string notice;              // already translated; "" = none
  std::string error;               // already translated; "" = none
  std::string enrol_secret;        // base32; shows the enrolment block when set
  std::vector<std::string> codes;  // recovery codes to show once
  std::string continue_url;        // with codes
  std::string status;              // already translated; "" = none
  std::vector<CodeForm> forms;
  int status_code = 200;
};

// The otpauth:// URI of a secret for `email` (issuer: "deskd" and the host of
// server.public_url or the listen address).
std::string otpauth_uri(const pipeline::RequestContext& ctx, std::string_view email, std::string_view base32_secret);

void render_two_factor(pipeline::RequestContext& ctx, const storage::Person& person, const TwoFactorView& view);

}  // namespace deskd::accounts
