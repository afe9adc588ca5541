#pragma once
// Account e-mails: queued in the durable outbox (the mail module sends them),
// written in the person's language. A mail that cannot be queued is logged;
// the caller's action still stands.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/context.h"

namespace deskd::accounts {

// Queues a mail to `to` with subject `<key>.subject` and body `<key>.body` of
// the catalog in `lang`, placeholders filled from `args`. Returns whether it was queued.
bool queue_mail(pipeline::RequestContext& ctx, std::string_view to, std::string_view lang, std::string_view kind,
                std::string_view key, const std::vector<std::pair<std::string, std::string>>& args = {});

// The person's saved language, else the site default (mail::recipient_language).
std::string mail_language(const pipeline::RequestContext& ctx, const storage::Person& person);

}  // namespace deskd::accounts
