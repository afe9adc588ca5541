#pragma once
// Threading of outgoing ticket mail (SPEC §10): every mail about a ticket
// carries a fresh Message-ID that deskd records (so a reply to it finds the
// ticket by In-Reply-To/References), In-Reply-To and References of the
// thread so far, Reply-To: mail.reply_address and the subject tag [#REF].
//
// Thread-safe when its arguments are; blocks on storage (worker threads).
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/random.h"
#include "storage/mail_store.h"
#include "storage/records.h"

namespace deskd::mail {

inline constexpr int kMaxReferences = 20;  // newest Message-IDs carried in References

// "[#REF] subject" unless `subject` already carries "[#REF]".
std::string tagged_subject(std::string_view subject, std::string_view ref);

// The "REF" of the first "[#REF]" tag in `subject`, "" when there is none.
std::string subject_tag(std::string_view subject);

// Fills mail.message_id (a fresh "<random@domain of from>", recorded for the
// ticket), in_reply_to (the thread's newest Message-ID), references (the
// thread's newest kMaxReferences, oldest first), reply_to and tags the
// subject. On a storage failure the mail is left without threading headers
// and the failure is returned (the caller still queues it).
Status thread_ticket_mail(storage::MailStore& store, Random& random, const Clock& clock, int64_t ticket_id,
                          std::string_view ref, std::string_view from, std::string_view reply_to,
                          storage::OutboxMail& mail);

}  // namespace deskd::mail
