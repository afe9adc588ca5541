#pragma once
// The one way deskd queues a mail written from the message catalogs: account
// mails, the Remember-Me theft warning, ticket confirmations, replies and
// acknowledgements. Pure composition plus one OutboxStore::enqueue; blocks on
// storage (call from a worker thread or a CLI). Thread-safe when the store is.
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "i18n/catalog.h"
#include "storage/store.h"

namespace deskd::mail {

// The language a mail is written in: the recipient's stored language (a
// person's, a ticket's) when the catalogs have it, else the site default
// (Catalogs::default_language()). Never the language of whoever caused the
// mail (an attacker's browser must not choose the victim's language).
std::string recipient_language(const i18n::Catalogs& catalogs, std::string_view stored_language);

struct TranslatedMail {
  std::string to;        // one address
  std::string kind;      // outbox kind, e.g. "password_reset"
  std::string key;       // catalog prefix: "<key>.subject" and "<key>.body"
  std::string language;  // recipient_language() of the recipient
  std::vector<std::pair<std::string, std::string>> args;  // {name} placeholders
};

// Composes subject and body in `mail.language` and enqueues them, after
// `adjust` (when given) added what the mail needs besides (threading headers,
// files). A failure is logged with the kind (never the address) and returned;
// the caller's action stands.
Status queue_translated_mail(storage::OutboxStore& outbox, const i18n::Catalogs& catalogs, const Clock& clock,
                             const TranslatedMail& mail,
                             const std::function<void(storage::OutboxMail&)>& adjust = {});

}  // namespace deskd::mail
