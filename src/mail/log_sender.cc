#include "mail/log_sender.h"

#include <spdlog/spdlog.h>

namespace deskd::mail {

Status LogSender::send(const Envelope& envelope, std::string_view rendered_message) {
  spdlog::info("mail (no mail.smtp_url, not sent) to={} subject=\"{}\" bytes={}", envelope.to, envelope.subject,
               rendered_message.size());
  return Status::ok();
}

}  // namespace deskd::mail
