#pragma once
// Webhooks (SPEC §12, §14; docs/webhooks.md), managed by admins:
//   GET  /admin/webhooks               the webhooks, a notice for any disabled
//                                      automatically, the create form
//   POST /admin/webhooks               (url, events repeated, secret) create; an
//                                      empty secret is generated; the page that
//                                      answers shows the secret once
//   GET  /admin/webhooks/{id}          the edit form and the delivery log
//                                      (status, attempts, last error, next try)
//   POST /admin/webhooks/{id}          (url, events, secret) update; an empty
//                                      secret keeps the current one
//   POST /admin/webhooks/{id}/enable   (also after an automatic disable)
//   POST /admin/webhooks/{id}/disable
//   POST /admin/webhooks/{id}/delete   with its deliveries
// A URL or secret that is refused re-renders the form with what was typed and
// a readable error (400). Every change is audited (webhook_created,
// webhook_updated, webhook_enabled, webhook_disabled, webhook_deleted).
#include "pipeline/app.h"

namespace deskd::admin {

void register_webhooks(pipeline::App& app);

}  // namespace deskd::admin
