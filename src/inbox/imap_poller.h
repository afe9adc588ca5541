#pragma once
// Polls the mailbox of mail.imap_url (SPEC §10) with libcurl's IMAP client:
// every mail.imap_poll_s seconds it lists the messages not yet deleted (UID
// SEARCH UNDELETED), fetches each by UID and hands it to inbox::receive().
// Only once receive() has committed it (stored, duplicate or quarantined) is
// the message flagged \Deleted and, at the end of the poll, expunged. A crash
// between fetch and commit leaves it on the server for the next poll, where
// its Message-ID makes a second copy impossible; a message that cannot be
// parsed goes to the quarantine and never blocks the ones behind it. When the
// storage is unavailable the poll stops and leaves the rest on the server.
//
// Thread-safe; the dependencies must outlive the poller.
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "core/periodic_worker.h"
#include "inbox/intake.h"

namespace deskd::inbox {

struct PollCounts {
  size_t stored = 0;       // new tickets, replies and duplicates removed from the server
  size_t quarantined = 0;  // removed from the server into the quarantine
  size_t left = 0;         // left on the server (fetch or storage failed)
};

class ImapPoller {
 public:
  ImapPoller(IntakeDeps deps, IntakeOptions options, std::string imap_url, int64_t interval_ms);
  ~ImapPoller();
  ImapPoller(const ImapPoller&) = delete;
  ImapPoller& operator=(const ImapPoller&) = delete;

  void start();  // the background thread (once)
  void stop();   // idempotent; waits for a poll under way
  // One poll now, serialized with the thread's.
  Result<PollCounts> poll_once();

 private:
  IntakeDeps deps_;
  const IntakeOptions options_;
  const std::string url_;  // imap[s]://USER:PASS@HOST[:PORT]/MAILBOX
  const int64_t interval_ms_;
  std::mutex poll_mu_;
  PeriodicWorker worker_;  // last: its thread reads the members above; polls at start, then every interval
};

// The UIDs in an untagged "* SEARCH 1 2 3" response (other lines ignored).
std::vector<uint64_t> parse_search_uids(std::string_view response);

}  // namespace deskd::inbox
