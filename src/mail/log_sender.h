#pragma once
// The sender used without mail.smtp_url: logs recipient and subject at info
// and reports success, so the outbox still drains. Thread-safe.
#include "mail/sender.h"

namespace deskd::mail {

class LogSender final : public Sender {
 public:
  Status send(const Envelope& envelope, std::string_view rendered_message) override;
};

}  // namespace deskd::mail
