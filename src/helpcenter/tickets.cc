#include "helpcenter/tickets.h"

#include <spdlog/spdlog.h>

#include "accounts/fields.h"
#include "core/crypto.h"
#include "helpcenter/tickets_ref.h"
#include "http/form.h"
#include "mail/ticket_thread.h"
#include "mail/translated_mail.h"

namespace deskd::helpcenter {
namespace {

constexpr int kRefAttempts = 8;  // collisions of 38.9-bit refs are rare; retry a few times

bool has_control(std::string_view text, bool allow_newlines) {
  for (unsigned char c : text) {
    if (allow_newlines && (c == '\n' || c == '\t')) continue;
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

bool text_ok(std::string_view text, size_t max_chars, bool allow_newlines) {
  return !text.empty() && http::valid_utf8(text) && accounts::utf8_length(text) <= max_chars &&
         !has_control(text, allow_newlines);
}

std::string without_cr(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') continue;
      out += '\n';
      continue;
    }
    out += text[i];
  }
  return out;
}

bool queue_mail(pipeline::Services& svc, const storage::Ticket& t, std::string_view kind, std::string_view key,
                const std::vector<std::pair<std::string, std::string>>& args,
                std::vector<int64_t> attachment_ids = {}) {
  const mail::TranslatedMail m{t.requester_email, std::string(kind), std::string(key),
                               mail::recipient_language(svc.catalogs, t.lang), args};
  Status s = mail::queue_translated_mail(svc.storage.outbox(), svc.catalogs, svc.clock, m, [&](storage::OutboxMail& out) {
    out.attachment_ids = std::move(attachment_ids);
    if (Status threaded = mail::thread_ticket_mail(svc.storage.mail(), svc.random, svc.clock, t.id, t.ref,
                                                   svc.config.mail_from, svc.config.mail_reply_address, out);
        !threaded.is_ok()) {
      spdlog::error("{} mail for ticket {} goes without threading headers: {}", kind, t.ref, threaded.to_string());
    }
  });
  return s.is_ok();
}

std::string link_to(std::string_view origin, std::string_view ref) {
  return std::string(origin) + "/tickets/" + std::string(ref);
}

}  // namespace

std::string normalized_message(std::string_view message) {
  return accounts::trimmed(without_cr(message));
}

NewTicketInput normalized(const NewTicketInput& in) {
  NewTicketInput out = in;
  out.name = accounts::trimmed(in.name);
  out.email = accounts::normalized_email(in.email);
  out.subject = accounts::trimmed(in.subject);
  out.message = normalized_message(in.message);
  return out;
}

std::string_view ticket_message_problem(std::string_view message) {
  const std::string text = normalized_message(message);
  return text_ok(text, kMaxTicketMessage, true) ? std::string_view() : "tickets.error.message";
}

std::string_view ticket_input_problem(const NewTicketInput& raw) {
  const NewTicketInput in = normalized(raw);
  if (!text_ok(in.name, kMaxTicketName, false)) return "tickets.error.name";
  if (!http::valid_utf8(in.email) || !accounts::valid_email(in.email)) return "tickets.error.email";
  if (!text_ok(in.subject, kMaxTicketSubject, false)) return "tickets.error.subject";
  return ticket_message_problem(in.message);
}

Result<storage::Ticket> create_ticket(pipeline::Services& svc, const NewTicketInput& raw) {
  if (std::string_view problem = ticket_input_problem(raw); !problem.empty()) {
    return invalid_argument(std::string(problem));
  }
  const NewTicketInput in = normalized(raw);
  storage::NewTicket spec;
  spec.person_id = in.person_id;
  spec.requester_name = in.name;
  spec.requester_email = in.email;
  spec.subject = in.subject;
  spec.body = in.message;
  spec.lang = svc.catalogs.has_language(in.lang) ? in.lang : svc.catalogs.default_language();
  spec.visitor_id = in.visitor_id;
  spec.source = in.source;
  spec.channel = in.channel;
  spec.created_ms = svc.clock.now_ms();
  std::string token;
  if (!in.person_id) {
    token = svc.random.token(kAccessTokenBytes);
    spec.access_token_hash = hash_hex(token);
  }
  std::optional<storage::Ticket> ticket;
  for (int attempt = 0; attempt < kRefAttempts && !ticket; ++attempt) {
    spec.ref = new_ticket_ref(svc.random);
    Result<storage::Ticket> created = svc.storage.tickets().create(spec);
    if (created.is_ok()) {
      ticket = std::move(*created);
    } else if (created.status().code() != Code::kConflict) {
      return created.status();
    }
  }
  if (!ticket) return unavailable("no free ticket reference found");

  const std::string mail_key = "ticket-mail:" + ticket->requester_email;
  if (svc.throttle.retry_after_ms(mail_key) > 0) {
    spdlog::warn("ticket {}: confirmation mail skipped, too many mails to this address", ticket->ref);
    return *ticket;
  }
  svc.throttle.record_failure(mail_key);
  const std::string link =
      token.empty() ? link_to(in.origin, ticket->ref) : link_to(in.origin, ticket->ref) + "?access=" + token;
  queue_mail(svc, *ticket, "ticket_created", "tickets.mail_created",
             {{"name", ticket->requester_name}, {"ref", ticket->ref}, {"subject", ticket->subject}, {"link", link}});
  return *ticket;
}

Result<std::string> requester_link(pipeline::Services& svc, const storage::Ticket& ticket, std::string_view origin) {
  if (ticket.person_id) return link_to(origin, ticket.ref);
  const std::string token = svc.random.token(kAccessTokenBytes);
  if (Status s = svc.storage.tickets().add_access_token(ticket.id, hash_hex(token), svc.clock.now_ms()); !s.is_ok()) {
    return s;
  }
  return link_to(origin, ticket.ref) + "?access=" + token;
}

bool queue_reply_mail(pipeline::Services& svc, const storage::Ticket& ticket, std::string_view agent_name,
                      std::string_view reply, std::string_view origin, const std::vector<storage::Attachment>& files) {
  Result<std::string> link = requester_link(svc, ticket, origin);
  if (!link) {
    spdlog::error("ticket {}: reply mail not queued: {}", ticket.ref, link.status().to_string());
    return false;
  }
  std::vector<int64_t> carried;
  std::string linked;
  int64_t budget = svc.config.mail_max_attachment_bytes;
  for (const storage::Attachment& a : files) {
    if (a.size <= budget) {
      carried.push_back(a.id);
      budget -= a.size;
      continue;
    }
    budget = -1;  // keep the order: nothing after a linked file is attached
    linked += "\n- " + a.filename + " (" + std::to_string(a.size) + " bytes): " + link_to(origin, ticket.ref) +
              "/attachments/" + std::to_string(a.id);
  }
  std::string message(reply);
  if (!linked.empty()) message += "\n\n" + svc.catalogs.text(ticket.lang, "tickets.mail_files_linked") + linked;
  return queue_mail(svc, ticket, "ticket_reply", "tickets.mail_reply",
                    {{"name", ticket.requester_name},
                     {"ref", ticket.ref},
                     {"subject", ticket.subject},
                     {"agent", std::string(agent_name)},
                     {"message", message},
                     {"link", *link}},
                    std::move(carried));
}

}  // namespace deskd::helpcenter
