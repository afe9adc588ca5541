#include "accounts/notify.h"

#include "mail/translated_mail.h"

namespace deskd::accounts {

bool queue_mail(pipeline::RequestContext& ctx, std::string_view to, std::string_view lang, std::string_view kind,
                std::string_view key, const std::vector<std::pair<std::string, std::string>>& args) {
  const mail::TranslatedMail m{std::string(to), std::string(kind), std::string(key), std::string(lang), args};
  return mail::queue_translated_mail(ctx.svc.storage.outbox(), ctx.svc.catalogs, ctx.svc.clock, m).is_ok();
}

std::string mail_language(const pipeline::RequestContext& ctx, const storage::Person& person) {
  return mail::recipient_language(ctx.svc.catalogs, person.language);
}

}  // namespace deskd::accounts
