#pragma once
// Drains the durable outbox (storage::OutboxStore) through a Sender: a
// background thread sends every due mail once a second, and once more at
// stop(). A failed mail is retried with exponential backoff (in memory, so a
// restart retries at once) until it has failed kMaxAttempts times; then it
// stays in the outbox, unsent, with its last error. Failed attempts, mails
// given up and outbox errors are counted (core/degraded.h: mail_send_failed,
// mail_given_up, mail_outbox_failed). A mail's files are read from the
// attachment store when it is sent: one deleted since (privacy erase) is
// left out and logged; a store that cannot answer fails the attempt.
//
// Thread-safe. The store, sender, clock and random must outlive the Mailer.
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "core/periodic_worker.h"
#include "core/random.h"
#include "mail/message.h"
#include "mail/sender.h"
#include "storage/attachment_store.h"
#include "storage/store.h"

namespace deskd::mail {

struct MailerOptions {
  std::string from = "deskd@localhost";  // From: header and MAIL FROM (bare address taken from it)
  int64_t interval_ms = 1'000;
  int64_t base_backoff_ms = 30'000;  // wait after the first failure; doubles per failure
  int64_t max_backoff_ms = 3'600'000;
  int batch = 50;  // mails per drain at most
  // Where the files of OutboxMail::attachment_ids are read; nullptr = such
  // mails go out without them. Must outlive the Mailer.
  storage::AttachmentStore* attachments = nullptr;
};

class Mailer {
 public:
  static constexpr int kMaxAttempts = 10;

  Mailer(storage::OutboxStore& outbox, Sender& sender, const Clock& clock, Random& random, MailerOptions options);
  ~Mailer();
  Mailer(const Mailer&) = delete;
  Mailer& operator=(const Mailer&) = delete;

  // Starts the background thread (once).
  void start();
  // Stops the thread after a final drain; idempotent.
  void stop();
  // Sends every due mail now; returns how many were sent. Serialized with the
  // background thread.
  size_t drain_once();

 private:
  int64_t backoff_ms(int attempts) const;
  Result<std::vector<OutgoingAttachment>> files_of(const storage::OutboxMail& mail);

  storage::OutboxStore& outbox_;
  Sender& sender_;
  const Clock& clock_;
  Random& random_;
  const MailerOptions options_;
  std::mutex drain_mu_;                  // one drain at a time
  std::map<int64_t, int64_t> next_try_;  // guarded by drain_mu_: mail id -> earliest retry (ms)
  std::atomic<bool> stopped_{false};
  PeriodicWorker worker_;  // last: its thread reads the members above
};

}  // namespace deskd::mail
