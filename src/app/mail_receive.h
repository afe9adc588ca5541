#pragma once
#include "app/environment.h"
#include "core/config.h"
#include "inbox/intake.h"

namespace deskd::app {

// Exit codes of `deskd mail receive` (SPEC §10; sysexits.h values, which MTAs
// such as Postfix and Exim understand).
inline constexpr int kMailStored = 0;
inline constexpr int kMailUnparseable = 65;  // EX_DATAERR: kept in the quarantine
inline constexpr int kMailTryLater = 75;     // EX_TEMPFAIL: the MTA keeps the mail and retries

struct MailReceiveOptions {
  CommonOptions common;
};

// `deskd mail receive`: reads one message from standard input and stores it
// (a new ticket, a reply, or nothing for a Message-ID seen before): 0; puts it
// into the quarantine when it cannot be processed: 65; 75 when the
// configuration, catalogs or storage are unavailable (nothing was stored).
// Prints "<outcome> <ref>" on standard output.
int mail_receive(const MailReceiveOptions& opts);

}  // namespace deskd::app
