#include "inbox/intake.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "attachments/names.h"
#include "core/crypto.h"
#include "core/settings.h"
#include "core/text.h"
#include "helpcenter/tickets.h"
#include "helpcenter/tickets_ref.h"
#include "mail/mail_text.h"
#include "mail/message.h"
#include "mail/ticket_thread.h"
#include "mail/translated_mail.h"

namespace deskd::inbox {
namespace {

constexpr int kRefAttempts = 8;
constexpr int64_t kHourMs = 3'600'000;
constexpr std::string_view kAckKind = "ticket_mail_ack";

// At most `max_chars` UTF-8 code points of (valid UTF-8) `text`.
std::string first_chars(std::string_view text, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xc0) != 0x80 && chars++ == max_chars) {
      return std::string(text.substr(0, i));
    }
  }
  return std::string(text);
}

// One line without control characters, at most `max_chars`.
std::string clean_line(std::string_view text, size_t max_chars) {
  std::string out;
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    out += b < 0x20 || b == 0x7f ? ' ' : c;
  }
  const size_t first = out.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  out = out.substr(first, out.find_last_not_of(' ') - first + 1);
  return first_chars(out, max_chars);
}

// The message body as the ticket shows it: the reply without the quoted
// earlier mail, control characters other than tab/newline dropped, within the
// ticket message limit, and a note per attachment that was too large to keep
// (the kept ones are stored and listed with the message).
std::string ticket_body(const mail::ParsedMail& m) {
  std::string body = mail::without_quoted_reply(m.text);
  std::erase_if(body, [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return (b < 0x20 && c != '\n' && c != '\t') || b == 0x7f;
  });
  std::string files;
  for (const mail::MailAttachment& a : m.attachments) {
    if (a.over_limit) {
      files += "\n[attachment over the size limit, not kept: " + attachments::safe_filename(a.filename) + ", " +
               std::to_string(a.size) + " bytes]";
    }
  }
  body = first_chars(body, helpcenter::kMaxTicketMessage - std::min<size_t>(files.size() + 2, 2000));
  if (!files.empty()) body += (body.empty() ? files.substr(1) : "\n" + files);
  if (body.empty()) body = "(no text)";
  return first_chars(body, helpcenter::kMaxTicketMessage);
}

// The files the ticket keeps: every attachment and inline image within the
// limit (winmail.dat too, as the file it is), names and types made safe the
// way the portal forms make them.
std::vector<storage::NewAttachment> kept_files(const mail::ParsedMail& m) {
  std::vector<storage::NewAttachment> out;
  for (const mail::MailAttachment& a : m.attachments) {
    if (a.over_limit) continue;
    storage::NewAttachment file;
    file.filename = attachments::safe_filename(a.filename);
    file.content_type = attachments::normalized_content_type(a.content_type);
    file.content_id = clean_line(a.content_id, 200);
    file.bytes = a.data;
    out.push_back(std::move(file));
  }
  return out;
}

// tickets.attachment_max_bytes as stored now (an Admin change applies to the
// next mail); the default when the stored value does not parse.
Result<size_t> attachment_limit(storage::Storage& storage) {
  Result<std::map<std::string, std::string>> values = storage.settings().load_all();
  if (!values) return values.status();
  Result<Settings> settings = parse_settings(*values);
  if (!settings) {
    spdlog::warn("mail intake: settings unreadable ({}), attachments limited to the default",
                 settings.status().message());
    return static_cast<size_t>(kDefaultAttachmentMaxBytes);
  }
  return static_cast<size_t>(settings->attachment_max_bytes);
}

std::string display_name(const mail::ParsedMail& m) {
  std::string name = clean_line(m.from_name, helpcenter::kMaxTicketName);
  return name.empty() ? clean_line(m.from_address.substr(0, m.from_address.find('@')), helpcenter::kMaxTicketName)
                      : name;
}

bool own_address(const IntakeOptions& o, std::string_view address) {
  return address == ascii_lower(mail::bare_address(o.from)) ||
         (!o.reply_address.empty() && address == ascii_lower(mail::bare_address(o.reply_address)));
}

// Queues the acknowledgement of a new ticket with its access link, unless the
// mail was automatic or the sender already got kAcksPerSenderPerHour.
bool acknowledge(IntakeDeps& d, const IntakeOptions& o, const storage::Ticket& t, const mail::ParsedMail& m,
                 std::string_view link) {
  if (m.automatic || own_address(o, m.from_address)) return false;
  const int64_t now = d.clock.now_ms();
  Result<int64_t> recent = d.storage.mail().outbox_count(kAckKind, t.requester_email, now - kHourMs);
  if (!recent) {
    spdlog::error("mail intake: ticket {}: acknowledgement not queued: {}", t.ref, recent.status().to_string());
    return false;
  }
  if (*recent >= kAcksPerSenderPerHour) {
    spdlog::warn("mail intake: ticket {}: acknowledgement skipped, {} already this hour", t.ref, *recent);
    return false;
  }
  const mail::TranslatedMail ack{t.requester_email,
                                 std::string(kAckKind),
                                 "tickets.mail_created",
                                 mail::recipient_language(d.catalogs, t.lang),
                                 {{"name", t.requester_name}, {"ref", t.ref}, {"subject", t.subject},
                                  {"link", std::string(link)}}};
  Status s = mail::queue_translated_mail(d.storage.outbox(), d.catalogs, d.clock, ack, [&](storage::OutboxMail& out) {
    if (Status threaded =
            mail::thread_ticket_mail(d.storage.mail(), d.random, d.clock, t.id, t.ref, o.from, o.reply_address, out);
        !threaded.is_ok()) {
      spdlog::error("mail intake: ticket {}: acknowledgement without threading headers: {}", t.ref,
                    threaded.to_string());
    }
  });
  return s.is_ok();
}

Result<IntakeResult> add_reply(IntakeDeps& d, const storage::Ticket& ticket, const mail::ParsedMail& m,
                               const storage::InboundMail& record) {
  storage::NewTicketMessage msg;
  msg.ticket_id = ticket.id;
  msg.author_name = display_name(m);
  msg.body = ticket_body(m);
  msg.created_ms = d.clock.now_ms();
  if (Result<storage::Person> person = d.storage.people().find_by_email(m.from_address); person.is_ok()) {
    msg.author_id = person->id;
    if (person->role != storage::Role::kUser) msg.author = storage::TicketAuthor::kAgent;
  }
  Result<storage::TicketMessage> added = d.storage.mail().add_message(msg, record);
  if (!added) {
    if (added.status().code() == Code::kConflict) return IntakeResult{Outcome::kDuplicate, ticket.ref, "", false};
    return added.status();
  }
  return IntakeResult{Outcome::kReply, ticket.ref, "", false};
}

// The ticket this mail answers, by its headers, then by its [#REF] tag when
// the sender belongs to that ticket; NotFound when it answers none.
Result<storage::Ticket> thread_of(IntakeDeps& d, const mail::ParsedMail& m) {
  std::vector<std::string> ids;
  if (!m.in_reply_to.empty()) ids.push_back(m.in_reply_to);
  ids.insert(ids.end(), m.references.rbegin(), m.references.rend());
  Result<std::string> ref = d.storage.mail().find_ticket_ref(ids);
  if (ref.is_ok()) return d.storage.tickets().find_by_ref(*ref);
  if (ref.status().code() != Code::kNotFound) return ref.status();

  const std::string tag = mail::subject_tag(m.subject);
  if (!helpcenter::well_formed_ticket_ref(tag)) return not_found("no thread");
  Result<storage::Ticket> tagged = d.storage.tickets().find_by_ref(tag);
  if (!tagged) return tagged.status();
  if (ascii_lower(tagged->requester_email) == m.from_address) return tagged;
  Result<bool> participant = d.storage.mail().is_participant(tagged->id, m.from_address);
  if (!participant) return participant.status();
  if (*participant) return tagged;
  spdlog::info("mail intake: {} is not a participant of ticket {}: a new ticket", m.from_address, tag);
  return not_found("not a participant");
}

Result<IntakeResult> open_ticket(IntakeDeps& d, const IntakeOptions& o, const mail::ParsedMail& m,
                                 const storage::InboundMail& record) {
  storage::NewTicket spec;
  spec.requester_name = display_name(m);
  spec.requester_email = m.from_address;
  spec.subject = clean_line(m.subject, helpcenter::kMaxTicketSubject);
  if (spec.subject.empty()) spec.subject = "(no subject)";
  spec.body = ticket_body(m);
  spec.lang = d.catalogs.default_language();
  spec.source = "web";  // tickets.source predates the channel: 'web' | 'messenger' only
  spec.channel = storage::TicketChannel::kMail;
  spec.created_ms = d.clock.now_ms();
  if (Result<storage::Person> person = d.storage.people().find_by_email(m.from_address); person.is_ok()) {
    spec.person_id = person->id;
    if (d.catalogs.has_language(person->language)) spec.lang = person->language;
  }
  std::string token;
  if (!spec.person_id) {
    token = d.random.token(helpcenter::kAccessTokenBytes);
    spec.access_token_hash = hash_hex(token);
  }
  for (int attempt = 0; attempt < kRefAttempts; ++attempt) {
    spec.ref = helpcenter::new_ticket_ref(d.random);
    Result<storage::Ticket> created = d.storage.mail().create_ticket(spec, record);
    if (created.is_ok()) {
      std::string link = o.public_url + "/tickets/" + created->ref;
      if (!token.empty()) link += "?access=" + token;
      const bool acked = acknowledge(d, o, *created, m, link);
      return IntakeResult{Outcome::kNewTicket, created->ref, "", acked};
    }
    if (created.status().code() != Code::kConflict) return created.status();
    if (created.status().message() == "mail already stored") return IntakeResult{Outcome::kDuplicate, "", "", false};
  }
  return unavailable("no free ticket reference found");
}

}  // namespace

IntakeOptions intake_options(const Config& config) {
  IntakeOptions o;
  o.public_url = config.public_url.empty() ? "http://" + config.listen : config.public_url;
  while (!o.public_url.empty() && o.public_url.back() == '/') o.public_url.pop_back();
  o.from = config.mail_from;
  o.reply_address = config.mail_reply_address;
  return o;
}

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::kNewTicket: return "new_ticket";
    case Outcome::kReply: return "reply";
    case Outcome::kDuplicate: return "duplicate";
    case Outcome::kQuarantined: return "quarantined";
  }
  return "duplicate";
}

Result<IntakeResult> process(IntakeDeps& d, const IntakeOptions& o, std::string_view raw) {
  Result<size_t> max_file = attachment_limit(d.storage);
  if (!max_file) return max_file.status();
  mail::MimeLimits limits = o.limits;
  limits.max_attachment_bytes = *max_file;
  Result<mail::ParsedMail> parsed = mail::parse_mail(raw, limits);
  if (!parsed) return invalid_argument(parsed.status().message());
  const mail::ParsedMail& m = *parsed;
  storage::InboundMail record;
  record.message_id = m.message_id.empty() ? "hash." + hash_hex(raw) + "@deskd.invalid" : m.message_id;
  record.sender = m.from_address;
  record.original_body = m.text.substr(0, kMaxOriginalBody);
  record.original_body = mail::valid_utf8_or_replaced(record.original_body);  // a cut may split a character
  record.attachments = kept_files(m);
  Result<bool> known = d.storage.mail().known(record.message_id);
  if (!known) return known.status();
  if (*known) {
    Result<std::string> ref = d.storage.mail().find_ticket_ref({record.message_id});
    return IntakeResult{Outcome::kDuplicate, ref.is_ok() ? *ref : "", "", false};
  }
  Result<storage::Ticket> ticket = thread_of(d, m);
  if (ticket.is_ok()) return add_reply(d, *ticket, m, record);
  if (ticket.status().code() != Code::kNotFound) return ticket.status();
  return open_ticket(d, o, m, record);
}

Result<IntakeResult> receive(IntakeDeps& d, const IntakeOptions& o, std::string_view raw, storage::MailSource source) {
  Result<IntakeResult> result = process(d, o, raw);
  if (result.is_ok() || result.status().code() != Code::kInvalidArgument) return result;
  storage::QuarantinedMail q;
  q.received_ms = d.clock.now_ms();
  q.source = source;
  q.reason = result.status().message();
  q.raw = std::string(raw);
  if (Status s = d.storage.mail().quarantine(q); !s.is_ok()) return s;
  spdlog::warn("mail intake: message quarantined (id {}): {}", q.id, q.reason);
  return IntakeResult{Outcome::kQuarantined, "", q.reason, false};
}

}  // namespace deskd::inbox
