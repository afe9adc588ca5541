#pragma once
// GET /admin/audit?person=<email or id>&event=<name>&since=<YYYY-MM-DD>&until=<YYYY-MM-DD>&page=
// The audit log, newest first, with the filters kept in the form, localized
// dates and readable event labels (admin.event.<name>). Bad filter values are
// ignored with a notice.
#include "pipeline/app.h"

namespace deskd::admin {

void register_audit(pipeline::App& app);

}  // namespace deskd::admin
