#include "mail/message.h"

#include <gmime/gmime.h>

#include <memory>

#include "mail/mail_text.h"
#include "mail/mime_parser.h"

namespace deskd::mail {
namespace {

struct GObjectUnref {
  void operator()(void* p) const {
    if (p) g_object_unref(p);
  }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

std::string single_line(std::string_view value) {
  std::string out = valid_utf8_or_replaced(value);
  for (char& c : out) {
    if (c == '\r' || c == '\n' || c == '\0') c = ' ';
  }
  return out;
}

// "<id@host>" -> "id@host"; "" for anything that is not one printable token.
std::string bare_id(std::string_view id) {
  if (id.size() >= 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
  if (id.empty() || id.size() > 250) return "";
  for (unsigned char c : id) {
    if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>') return "";
  }
  return std::string(id);
}

std::string crlf_lines(std::string_view body) {
  std::string out;
  out.reserve(body.size() + body.size() / 32);
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\r') {
      out += "\r\n";
      if (i + 1 < body.size() && body[i + 1] == '\n') ++i;
    } else if (body[i] == '\n') {
      out += "\r\n";
    } else {
      out += body[i];
    }
  }
  return out;
}

bool token(std::string_view s) {
  if (s.empty() || s.size() > 100) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '.' || c == '+' || c == '_';
    if (!ok) return false;
  }
  return true;
}

// One mailbox from "Name <addr>" or "addr"; the name may be UTF-8 (GMime
// encodes it on output).
void add_address(GMimeMessage* message, GMimeAddressType type, std::string_view value) {
  const std::string line = single_line(value);
  std::string name;
  if (const size_t open = line.rfind('<'); open != std::string::npos && line.find('>', open) != std::string::npos) {
    name = line.substr(0, open);
    std::erase(name, '"');
    while (!name.empty() && name.back() == ' ') name.pop_back();
    while (!name.empty() && name.front() == ' ') name.erase(0, 1);
  }
  InternetAddress* mailbox =
      internet_address_mailbox_new(name.empty() ? nullptr : name.c_str(), bare_address(line).c_str());
  internet_address_list_add(g_mime_message_get_addresses(message, type), mailbox);
  g_object_unref(mailbox);
}

// A part whose content is `bytes` as they are, sent in base64.
void set_base64_content(GMimePart* part, std::string_view bytes) {
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
  GPtr<GMimeDataWrapper> wrapper(g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
  g_mime_part_set_content(part, wrapper.get());
  g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
}

GMimeObject* text_part(std::string_view body) {
  GMimePart* part = g_mime_part_new_with_type("text", "plain");
  g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "charset", "utf-8");
  set_base64_content(part, crlf_lines(body));
  return GMIME_OBJECT(part);
}

GMimeObject* attachment_part(const OutgoingAttachment& a) {
  std::string type = "application";
  std::string subtype = "octet-stream";
  if (const size_t slash = a.content_type.find('/'); slash != std::string::npos) {
    const std::string_view t(a.content_type.data(), slash);
    const std::string_view st = std::string_view(a.content_type).substr(slash + 1);
    if (token(t) && token(st)) {
      type = t;
      subtype = st;
    }
  }
  GMimePart* part = g_mime_part_new_with_type(type.c_str(), subtype.c_str());
  g_mime_object_set_disposition(GMIME_OBJECT(part), GMIME_DISPOSITION_ATTACHMENT);
  const std::string name = single_line(a.filename.empty() ? "attachment" : a.filename);
  g_mime_part_set_filename(part, name.c_str());
  set_base64_content(part, a.data);
  return GMIME_OBJECT(part);
}

}  // namespace

std::string bare_address(std::string_view from) {
  const size_t open = from.rfind('<');
  const size_t close = from.rfind('>');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open)
    return std::string(from.substr(open + 1, close - open - 1));
  while (!from.empty() && from.front() == ' ') from.remove_prefix(1);
  while (!from.empty() && from.back() == ' ') from.remove_suffix(1);
  return std::string(from);
}

std::string make_message_id(std::string_view random_part, std::string_view from) {
  const std::string address = bare_address(from);
  const size_t at = address.rfind('@');
  const std::string domain = at == std::string::npos || at + 1 == address.size() ? "localhost" : address.substr(at + 1);
  return "<" + std::string(random_part) + "@" + domain + ">";
}

std::string render(const Message& m) {
  ensure_gmime();
  GPtr<GMimeMessage> message(g_mime_message_new(TRUE));
  GMimeObject* top = GMIME_OBJECT(message.get());
  add_address(message.get(), GMIME_ADDRESS_TYPE_FROM, m.from);
  add_address(message.get(), GMIME_ADDRESS_TYPE_TO, m.to);
  if (!m.reply_to.empty()) add_address(message.get(), GMIME_ADDRESS_TYPE_REPLY_TO, m.reply_to);
  g_mime_message_set_subject(message.get(), single_line(m.subject).c_str(), "utf-8");
  GDateTime* date = g_date_time_new_from_unix_utc(m.date_ms / 1000);
  g_mime_message_set_date(message.get(), date);
  g_date_time_unref(date);
  if (const std::string id = bare_id(m.message_id); !id.empty()) {
    // Spelled as RFC 5322 does (GMime's own setter writes "Message-Id").
    g_mime_object_set_header(top, "Message-ID", ("<" + id + ">").c_str(), nullptr);
  }
  if (const std::string id = bare_id(m.in_reply_to); !id.empty()) {
    g_mime_object_set_header(top, "In-Reply-To", ("<" + id + ">").c_str(), nullptr);
  }
  std::string references;
  for (const std::string& ref : m.references) {
    if (const std::string id = bare_id(ref); !id.empty()) references += (references.empty() ? "<" : " <") + id + ">";
  }
  if (!references.empty()) g_mime_object_set_header(top, "References", references.c_str(), nullptr);

  GPtr<GMimeObject> body(text_part(m.body));
  if (m.attachments.empty()) {
    g_mime_message_set_mime_part(message.get(), body.get());
  } else {
    GPtr<GMimeMultipart> mixed(g_mime_multipart_new_with_subtype("mixed"));
    g_mime_multipart_add(mixed.get(), body.get());
    for (const OutgoingAttachment& a : m.attachments) {
      GPtr<GMimeObject> part(attachment_part(a));
      g_mime_multipart_add(mixed.get(), part.get());
    }
    g_mime_message_set_mime_part(message.get(), GMIME_OBJECT(mixed.get()));
  }

  GMimeFormatOptions* options = g_mime_format_options_new();
  g_mime_format_options_set_newline_format(options, GMIME_NEWLINE_FORMAT_DOS);
  char* text = g_mime_object_to_string(top, options);
  g_mime_format_options_free(options);
  std::string out = text ? text : "";
  g_free(text);
  return out;
}

}  // namespace deskd::mail
