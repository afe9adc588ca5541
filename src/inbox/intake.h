#pragma once
// Inbound e-mail to tickets (SPEC §10): one raw RFC 5322 message in, a new
// ticket, a reply on an existing ticket, a duplicate, or a quarantined message
// out. Used by `deskd mail receive` (MTA pipe), the IMAP poller and the admin
// quarantine's "reprocess".
//
// Threading rules: a mail joins a ticket by In-Reply-To, then References
// (newest first), when one of them is a Message-ID deskd received or sent for
// it; else by a "[#REF]" subject tag, but only when the sender is the
// ticket's requester or a participant; else it opens a new ticket. A new
// ticket from a sender without an account gets a guest access token and an
// acknowledgement carrying the link -- except for automatic mail
// (Auto-Submitted, Precedence bulk/junk/list, X-Autoreply, mailer-daemon, or
// deskd's own addresses) and beyond kAcksPerSenderPerHour per sender, so two
// robots cannot loop. The same Message-ID twice is one message (a mail
// without one is keyed by the hash of its bytes).
//
// Thread-safe when its dependencies are; blocks on storage (call from a
// worker thread or a CLI).
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/config.h"
#include "core/random.h"
#include "core/status.h"
#include "i18n/catalog.h"
#include "mail/mime_parser.h"
#include "storage/store.h"

namespace deskd::inbox {

inline constexpr int kAcksPerSenderPerHour = 5;
inline constexpr size_t kMaxOriginalBody = 1 << 20;  // bytes of an inbound text kept with its quotes

struct IntakeOptions {
  std::string public_url;     // origin of the access links in acknowledgements
  std::string from;           // mail.from
  std::string reply_address;  // mail.reply_address ("" = mail.from)
  mail::MimeLimits limits;
};

struct IntakeDeps {
  storage::Storage& storage;
  const i18n::Catalogs& catalogs;
  const Clock& clock;
  Random& random;
};

enum class Outcome { kNewTicket, kReply, kDuplicate, kQuarantined };
const char* outcome_name(Outcome outcome);  // "new_ticket" | "reply" | "duplicate" | "quarantined"

struct IntakeResult {
  Outcome outcome = Outcome::kDuplicate;
  std::string ticket_ref;  // "" when quarantined
  std::string reason;      // why it was quarantined
  bool acknowledged = false;
};

// The options from the configuration: links built from server.public_url
// (else http://<server.listen>), mail.from, mail.reply_address.
IntakeOptions intake_options(const Config& config);

// Processes `raw`. A message that cannot be parsed (or stored for a reason
// other than storage being down) is put into the quarantine: kQuarantined.
// Unavailable (or another storage error) when the storage failed: nothing was
// committed, the caller should retry later (exit 75, leave it on the server).
Result<IntakeResult> receive(IntakeDeps& deps, const IntakeOptions& options, std::string_view raw,
                             storage::MailSource source);

// Like receive() but never quarantines: InvalidArgument (the reason) when the
// message cannot be processed. For reprocessing a quarantined message.
Result<IntakeResult> process(IntakeDeps& deps, const IntakeOptions& options, std::string_view raw);

}  // namespace deskd::inbox
