#include "storage/mail_store.h"

namespace deskd::storage {

const char* mail_source_name(MailSource source) {
  return source == MailSource::kImap ? "imap" : "pipe";
}

std::optional<MailSource> parse_mail_source(std::string_view name) {
  if (name == "pipe") return MailSource::kPipe;
  if (name == "imap") return MailSource::kImap;
  return std::nullopt;
}

}  // namespace deskd::storage
