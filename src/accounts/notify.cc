#include "accounts/notify.h"

#include <spdlog/spdlog.h>

namespace deskd::accounts {

bool queue_mail(pipeline::RequestContext& ctx, std::string_view to, std::string_view lang, std::string_view kind,
                std::string_view key, const std::vector<std::pair<std::string, std::string>>& args) {
  storage::OutboxMail mail;
  mail.created_ms = ctx.svc.clock.now_ms();
  mail.to = std::string(to);
  mail.kind = std::string(kind);
  mail.subject = ctx.svc.catalogs.format(lang, std::string(key) + ".subject", args);
  mail.body = ctx.svc.catalogs.format(lang, std::string(key) + ".body", args);
  if (Status s = ctx.svc.storage.outbox().enqueue(mail); !s.is_ok()) {
    spdlog::error("{} mail not queued: {}", kind, s.to_string());
    return false;
  }
  return true;
}

std::string mail_language(const pipeline::RequestContext& ctx, const storage::Person& person) {
  return person.language.empty() || !ctx.svc.catalogs.has_language(person.language) ? ctx.lang : person.language;
}

}  // namespace deskd::accounts
