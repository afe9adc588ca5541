#include "mail/mailer.h"

#include <spdlog/spdlog.h>

#include "core/degraded.h"
#include "mail/message.h"

namespace deskd::mail {

Mailer::Mailer(storage::OutboxStore& outbox, Sender& sender, const Clock& clock, Random& random, MailerOptions options)
    : outbox_(outbox),
      sender_(sender),
      clock_(clock),
      random_(random),
      options_(std::move(options)),
      worker_(std::chrono::milliseconds(options_.interval_ms), [this] { drain_once(); }) {}

Mailer::~Mailer() {
  stop();
}

void Mailer::start() {
  worker_.start();
}

void Mailer::stop() {
  worker_.stop();
  if (!stopped_.exchange(true)) drain_once();
}

int64_t Mailer::backoff_ms(int attempts) const {
  int64_t wait = options_.base_backoff_ms;
  for (int i = 1; i < attempts && wait < options_.max_backoff_ms; ++i) wait *= 2;
  return std::min(wait, options_.max_backoff_ms);
}

Result<std::vector<OutgoingAttachment>> Mailer::files_of(const storage::OutboxMail& mail) {
  std::vector<OutgoingAttachment> out;
  if (mail.attachment_ids.empty()) return out;
  if (!options_.attachments) {
    spdlog::warn("mail {}: no attachment store, {} files left out", mail.id, mail.attachment_ids.size());
    return out;
  }
  for (int64_t id : mail.attachment_ids) {
    Result<storage::Attachment> a = options_.attachments->find(id);
    Result<std::string> bytes = a.is_ok() ? options_.attachments->content(a->sha256) : Result<std::string>(a.status());
    if (!bytes && bytes.status().code() == Code::kNotFound) {
      spdlog::warn("mail {}: attachment {} is gone, left out", mail.id, id);
      continue;
    }
    if (!bytes) return bytes.status();
    out.push_back(OutgoingAttachment{a->filename, a->content_type, std::move(*bytes)});
  }
  return out;
}

size_t Mailer::drain_once() {
  std::lock_guard lock(drain_mu_);
  auto mails = outbox_.pending_below(kMaxAttempts, options_.batch);
  if (!mails.is_ok()) {
    ok_or_degraded(Degraded::kMailOutboxFailed, mails.status(), "mail: reading the outbox");
    return 0;
  }
  const std::string from = bare_address(options_.from);
  size_t sent = 0;
  for (const storage::OutboxMail& mail : *mails) {
    const int64_t now = clock_.now_ms();
    if (auto it = next_try_.find(mail.id); it != next_try_.end() && now < it->second) continue;
    Message message;
    message.from = options_.from;
    message.to = mail.to;
    message.subject = mail.subject;
    message.body = mail.body;
    message.date_ms = now;
    message.message_id = mail.message_id;
    if (message.message_id.empty()) message.message_id = make_message_id(random_.token(18), options_.from);
    message.in_reply_to = mail.in_reply_to;
    message.reply_to = mail.reply_to;
    for (size_t pos = 0; pos < mail.references.size();) {
      size_t end = mail.references.find(' ', pos);
      if (end == std::string::npos) end = mail.references.size();
      if (end > pos) message.references.push_back(mail.references.substr(pos, end - pos));
      pos = end + 1;
    }
    Result<std::vector<OutgoingAttachment>> files = files_of(mail);
    Status s = files.status();
    if (files.is_ok()) {
      message.attachments = std::move(*files);
      s = sender_.send(Envelope{from, mail.to, mail.subject}, render(message));
    }
    if (s.is_ok()) {
      next_try_.erase(mail.id);
      ok_or_degraded(Degraded::kMailOutboxFailed, outbox_.mark_sent(mail.id, std::max<int64_t>(now, 1)),
                     "mail " + std::to_string(mail.id) + " sent, marking it sent");
      ++sent;
      continue;
    }
    const int attempts = mail.attempts + 1;
    count_degraded(Degraded::kMailSendFailed);
    ok_or_degraded(Degraded::kMailOutboxFailed, outbox_.mark_failed(mail.id, s.message()),
                   "mail " + std::to_string(mail.id) + " failed, marking it failed");
    if (attempts >= kMaxAttempts) {
      next_try_.erase(mail.id);
      count_degraded(Degraded::kMailGivenUp);
      spdlog::error("mail {} to {} given up after {} attempts: {}", mail.id, mail.to, attempts, s.message());
    } else {
      next_try_[mail.id] = now + backoff_ms(attempts);
      spdlog::warn("mail {} to {} failed (attempt {}): {}", mail.id, mail.to, attempts, s.message());
    }
  }
  return sent;
}

}  // namespace deskd::mail
