#pragma once
// Delivers mail over SMTP with libcurl. The URL is mail.smtp_url:
// smtp://host[:port] (STARTTLS when the server offers it) or smtps://host[:port]
// (implicit TLS); credentials may be given as smtp://user:password@host.
// Thread-safe: every send() uses its own easy handle. curl_global_init() must
// have run (SmtpSender::global_init()) before the first send.
#include <string>

#include "mail/sender.h"

namespace deskd::mail {

class SmtpSender final : public Sender {
 public:
  explicit SmtpSender(std::string url, long timeout_s = 30) : url_(std::move(url)), timeout_s_(timeout_s) {}
  // Once per process, before any thread sends.
  static void global_init();

  Status send(const Envelope& envelope, std::string_view rendered_message) override;

 private:
  std::string url_;
  long timeout_s_;
};

}  // namespace deskd::mail
