#pragma once
// /admin/mail: the quarantine of inbound mail that could not be processed
// (SPEC §10), with reprocess and delete. Admins only; POSTs carry the CSRF token.
#include "pipeline/app.h"

namespace deskd::admin {

void register_mail(pipeline::App& app);

}  // namespace deskd::admin
