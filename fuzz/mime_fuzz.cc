// Inbound MIME mail (mail/mime_parser.h, GMime 3) and the text helpers the
// intake applies to it, then composing a reply from what was parsed
// (mail/message.h).
//
// Invariants: a parsed mail has a lower-case From address, valid UTF-8 text
// and subject without line breaks, at most max_parts attachments, and no
// attachment bytes over the limit; the quote trimmer returns a prefix-shaped
// subset of valid UTF-8; a reply composed from any parsed header values is
// itself parseable, addressed to the same sender, with 7-bit headers and no
// header a value added.
#include <string>

#include "fuzz_check.h"
#include "mail/mail_text.h"
#include "mail/message.h"
#include "mail/mime_parser.h"

using namespace deskd;

namespace {

bool valid_utf8(const std::string& s) {
  return mail::valid_utf8_or_replaced(s) == s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string raw(reinterpret_cast<const char*>(data), size);
  mail::MimeLimits limits;
  limits.max_parts = 50;
  limits.max_attachment_bytes = 4096;
  Result<mail::ParsedMail> parsed = mail::parse_mail(raw, limits);
  if (!parsed.is_ok()) {
    FUZZ_CHECK(parsed.status().code() == Code::kInvalidArgument);
    return 0;
  }
  const mail::ParsedMail& m = *parsed;
  FUZZ_CHECK(!m.from_address.empty());
  for (char c : m.from_address) FUZZ_CHECK(!(c >= 'A' && c <= 'Z'));
  FUZZ_CHECK(valid_utf8(m.text) && valid_utf8(m.subject) && valid_utf8(m.from_name));
  FUZZ_CHECK(m.subject.find('\n') == std::string::npos && m.subject.find('\r') == std::string::npos);
  FUZZ_CHECK(m.attachments.size() <= limits.max_parts);
  for (const mail::MailAttachment& a : m.attachments) {
    FUZZ_CHECK(!a.filename.empty() && valid_utf8(a.filename));
    FUZZ_CHECK(a.filename.find('/') == std::string::npos);
    FUZZ_CHECK(a.over_limit ? a.data.empty() && a.size > limits.max_attachment_bytes : a.data.size() == a.size);
  }
  const std::string shown = mail::without_quoted_reply(m.text);
  FUZZ_CHECK(valid_utf8(shown) && shown.size() <= m.text.size());

  mail::Message reply;
  reply.from = m.from_name + " <" + m.from_address + ">";
  reply.to = m.from_address;
  reply.subject = "Re: " + m.subject;
  reply.body = m.text;
  reply.message_id = "<" + m.message_id + ">";
  reply.in_reply_to = "<" + m.in_reply_to + ">";
  for (const std::string& r : m.references) reply.references.push_back("<" + r + ">");
  const std::string out = mail::render(reply);
  const std::string head = out.substr(0, out.find("\r\n\r\n"));
  for (unsigned char c : head) FUZZ_CHECK(c < 0x80);
  for (size_t pos = 0; (pos = head.find("\r\n", pos)) != std::string::npos; pos += 2) {
    const char next = pos + 2 < head.size() ? head[pos + 2] : ' ';
    // Every header line is a known one or a folded continuation.
    if (next == ' ' || next == '\t') continue;
    const std::string name = head.substr(pos + 2, head.find(':', pos + 2) - pos - 2);
    FUZZ_CHECK(name == "From" || name == "To" || name == "Subject" || name == "Date" || name == "Message-ID" ||
               name == "In-Reply-To" || name == "References" || name == "MIME-Version" || name == "Content-Type" ||
               name == "Content-Transfer-Encoding");
  }
  Result<mail::ParsedMail> again = mail::parse_mail(out);
  FUZZ_CHECK(again.is_ok() && again->from_address == m.from_address);
  return 0;
}
