#include "mail/ticket_thread.h"

#include "mail/message.h"

namespace deskd::mail {

std::string tagged_subject(std::string_view subject, std::string_view ref) {
  const std::string tag = "[#" + std::string(ref) + "]";
  if (subject.find(tag) != std::string_view::npos) return std::string(subject);
  return subject.empty() ? tag : tag + " " + std::string(subject);
}

std::string subject_tag(std::string_view subject) {
  for (size_t open = subject.find("[#"); open != std::string_view::npos; open = subject.find("[#", open + 2)) {
    const size_t close = subject.find(']', open + 2);
    if (close == std::string_view::npos) return "";
    const std::string_view ref = subject.substr(open + 2, close - open - 2);
    if (!ref.empty() && ref.size() <= 32) return std::string(ref);
  }
  return "";
}

Status thread_ticket_mail(storage::MailStore& store, Random& random, const Clock& clock, int64_t ticket_id,
                          std::string_view ref, std::string_view from, std::string_view reply_to,
                          storage::OutboxMail& mail) {
  mail.subject = tagged_subject(mail.subject, ref);
  mail.reply_to = std::string(reply_to.empty() ? bare_address(from) : bare_address(reply_to));
  Result<std::vector<std::string>> thread = store.thread(ticket_id, kMaxReferences);
  if (!thread) return thread.status();
  const std::string id = make_message_id(random.token(18), from);
  if (Status s = store.record_outbound(ticket_id, id.substr(1, id.size() - 2), clock.now_ms()); !s.is_ok()) return s;
  mail.message_id = id;
  mail.references.clear();
  for (const std::string& previous : *thread) {
    if (!mail.references.empty()) mail.references += ' ';
    mail.references += "<" + previous + ">";
  }
  mail.in_reply_to = thread->empty() ? "" : "<" + thread->back() + ">";
  return Status::ok();
}

}  // namespace deskd::mail
