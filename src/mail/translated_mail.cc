#include "mail/translated_mail.h"

#include <spdlog/spdlog.h>

namespace deskd::mail {

std::string recipient_language(const i18n::Catalogs& catalogs, std::string_view stored_language) {
  if (!stored_language.empty() && catalogs.has_language(stored_language)) return std::string(stored_language);
  return catalogs.default_language();
}

Status queue_translated_mail(storage::OutboxStore& outbox, const i18n::Catalogs& catalogs, const Clock& clock,
                             const TranslatedMail& mail, const std::function<void(storage::OutboxMail&)>& adjust) {
  storage::OutboxMail out;
  out.created_ms = clock.now_ms();
  out.to = mail.to;
  out.kind = mail.kind;
  out.subject = catalogs.format(mail.language, mail.key + ".subject", mail.args);
  out.body = catalogs.format(mail.language, mail.key + ".body", mail.args);
  if (adjust) adjust(out);
  Status s = outbox.enqueue(out);
  if (!s.is_ok()) spdlog::error("{} mail not queued: {}", mail.kind, s.to_string());
  return s;
}

}  // namespace deskd::mail
