#include "admin/routes.h"

#include "admin/api_keys.h"
#include "admin/audit_page.h"
#include "admin/dashboard.h"
#include "admin/groups.h"
#include "admin/sla_page.h"
#include "admin/mail_page.h"
#include "admin/people.h"
#include "admin/privacy_page.h"
#include "admin/sessions_page.h"
#include "admin/settings_page.h"
#include "admin/shell.h"
#include "admin/webhooks_page.h"
#include "accounts/two_factor_account.h"

namespace deskd::admin {

void register_routes(pipeline::App& app) {
  accounts::register_login_routes(app, login_area());
  register_dashboard(app);
  register_people(app);
  register_groups(app);
  register_sla(app);
  register_settings(app);
  register_sessions(app);
  register_audit(app);
  accounts::register_two_factor_account_routes(app, login_area());
  register_privacy(app);
  register_mail(app);
  register_api_keys(app);
  register_webhooks(app);
}

}  // namespace deskd::admin
