#include "mail/mime_parser.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <memory>
#include <mutex>

#include "core/text.h"
#include "mail/mail_text.h"

namespace deskd::mail {
namespace {

constexpr size_t kMaxReferences = 100;
constexpr size_t kMaxFilenameBytes = 200;
constexpr size_t kMaxIdBytes = 250;

struct GObjectUnref {
  void operator()(void* p) const {
    if (p) g_object_unref(p);
  }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

struct GFree {
  void operator()(void* p) const { g_free(p); }
};
using GString_ = std::unique_ptr<char, GFree>;

std::string one_line(std::string_view s) {
  std::string out = valid_utf8_or_replaced(s);
  for (char& c : out) {
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
  }
  const size_t first = out.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  const size_t last = out.find_last_not_of(' ');
  return out.substr(first, last - first + 1);
}

// A Message-ID as kept: printable ASCII without spaces or angle brackets, bounded; "" otherwise.
std::string clean_id(const char* id) {
  if (!id) return "";
  std::string_view v(id);
  if (v.empty() || v.size() > kMaxIdBytes) return "";
  for (unsigned char c : v) {
    if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>') return "";
  }
  return std::string(v);
}

std::vector<std::string> parse_ids(const char* header_value) {
  std::vector<std::string> out;
  if (!header_value) return out;
  GMimeReferences* refs = g_mime_references_parse(nullptr, header_value);
  if (!refs) return out;
  const int n = g_mime_references_length(refs);
  for (int i = 0; i < n; ++i) {
    std::string id = clean_id(g_mime_references_get_message_id(refs, i));
    if (!id.empty()) out.push_back(std::move(id));
  }
  g_mime_references_free(refs);
  if (out.size() > kMaxReferences) out.erase(out.begin(), out.end() - kMaxReferences);
  return out;
}

// The address replies are sent to: the mailbox's ASCII form (an internationalised
// domain in Punycode), lower-cased; "" without a local part and a domain, or
// when composing a reply from it would send it elsewhere (a label such as
// "xn--exam" that is not valid Punycode is re-encoded by GMime into a
// different domain).
std::string reply_address(InternetAddressMailbox* mailbox) {
  const char* idn = internet_address_mailbox_get_idn_addr(mailbox);
  if (!idn) return "";
  const std::string address = ascii_lower(one_line(idn));
  const size_t at = address.rfind('@');
  if (at == std::string::npos || at == 0 || at + 1 == address.size()) return "";
  GPtr<InternetAddress> again(internet_address_mailbox_new(nullptr, address.c_str()));
  const char* again_idn = internet_address_mailbox_get_idn_addr(INTERNET_ADDRESS_MAILBOX(again.get()));
  if (!again_idn || ascii_lower(again_idn) != address) return "";
  return address;
}

const char* header(GMimeObject* object, const char* name) {
  return g_mime_object_get_header(object, name);
}

bool automatic(GMimeObject* message, std::string_view from_address) {
  if (const char* v = header(message, "Auto-Submitted")) {
    if (ascii_lower(one_line(v)) != "no") return true;
  }
  if (const char* v = header(message, "Precedence")) {
    const std::string p = ascii_lower(one_line(v));
    if (p == "bulk" || p == "junk" || p == "list") return true;
  }
  if (header(message, "X-Autoreply") || header(message, "X-Autorespond")) return true;
  const std::string local = std::string(from_address.substr(0, from_address.find('@')));
  return local == "mailer-daemon" || local == "postmaster";
}

std::string filename_of(const char* raw) {
  std::string name = raw ? one_line(raw) : "";
  const size_t slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name.erase(0, slash + 1);
  std::erase_if(name, [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
  if (name.size() > kMaxFilenameBytes) {
    size_t cut = kMaxFilenameBytes;
    while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xc0) == 0x80) --cut;
    name.resize(cut);
  }
  if (name.empty() || name == "." || name == "..") return "attachment";
  return name;
}

std::string decoded_content(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (!content) return "";
  GPtr<GMimeStream> mem(g_mime_stream_mem_new());
  if (g_mime_data_wrapper_write_to_stream(content, mem.get()) < 0) return "";
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
  return bytes ? std::string(reinterpret_cast<const char*>(bytes->data), bytes->len) : std::string();
}

std::string mime_type(GMimeObject* object) {
  GMimeContentType* ct = g_mime_object_get_content_type(object);
  if (!ct) return "application/octet-stream";
  GString_ type(g_mime_content_type_get_mime_type(ct));
  return type ? ascii_lower(type.get()) : "application/octet-stream";
}

class Walker {
 public:
  Walker(const MimeLimits& limits, ParsedMail& out) : limits_(limits), out_(out) {}

  Status walk(GMimeObject* object, int depth) {
    if (depth > limits_.max_depth) return invalid_argument("MIME parts nested too deeply");
    if (++parts_ > limits_.max_parts) return invalid_argument("too many MIME parts");
    if (GMIME_IS_MULTIPART(object)) return walk_multipart(GMIME_MULTIPART(object), depth);
    if (GMIME_IS_MESSAGE_PART(object)) return attach_message(GMIME_MESSAGE_PART(object));
    if (GMIME_IS_PART(object)) return leaf(GMIME_PART(object));
    return Status::ok();
  }

  std::string text() const {
    if (!one_line(plain_).empty()) return plain_;
    return html_.empty() ? plain_ : html_to_text(html_);
  }

 private:
  Status walk_multipart(GMimeMultipart* multipart, int depth) {
    const int count = g_mime_multipart_get_count(multipart);
    GMimeContentType* ct = g_mime_object_get_content_type(GMIME_OBJECT(multipart));
    if (ct && g_mime_content_type_is_type(ct, "multipart", "alternative") && count > 0) {
      // Prefer a text/plain alternative; else the last (richest) one.
      GMimeObject* chosen = g_mime_multipart_get_part(multipart, count - 1);
      for (int i = 0; i < count; ++i) {
        GMimeObject* part = g_mime_multipart_get_part(multipart, i);
        GMimeContentType* pct = g_mime_object_get_content_type(part);
        if (GMIME_IS_PART(part) && pct && g_mime_content_type_is_type(pct, "text", "plain")) {
          chosen = part;
          break;
        }
      }
      // The other alternatives add no text, but their files (an HTML
      // version's inline screenshot) are still the sender's.
      for (int i = 0; i < count; ++i) {
        GMimeObject* part = g_mime_multipart_get_part(multipart, i);
        const bool files_only = files_only_;
        files_only_ = files_only_ || part != chosen;
        Status s = walk(part, depth + 1);
        files_only_ = files_only;
        if (!s.is_ok()) return s;
      }
      return Status::ok();
    }
    for (int i = 0; i < count; ++i) {
      if (Status s = walk(g_mime_multipart_get_part(multipart, i), depth + 1); !s.is_ok()) return s;
    }
    return Status::ok();
  }

  Status attach_message(GMimeMessagePart* part) {
    GMimeMessage* inner = g_mime_message_part_get_message(part);
    MailAttachment a;
    a.content_type = "message/rfc822";
    const char* subject = inner ? g_mime_message_get_subject(inner) : nullptr;
    a.filename = filename_of(subject && *subject ? (one_line(subject) + ".eml").c_str() : "message.eml");
    if (inner) {
      GString_ text(g_mime_object_to_string(GMIME_OBJECT(inner), nullptr));
      if (text) a.data = text.get();
    }
    return keep(std::move(a));
  }

  Status leaf(GMimePart* part) {
    GMimeObject* object = GMIME_OBJECT(part);
    const std::string type = mime_type(object);
    GMimeContentDisposition* disposition = g_mime_object_get_content_disposition(object);
    const bool attachment = disposition && g_mime_content_disposition_is_attachment(disposition);
    const char* filename = g_mime_part_get_filename(part);
    const bool is_text = type == "text/plain" || type == "text/html";
    if (is_text && !attachment && !filename) {
      if (files_only_) return Status::ok();
      std::string text;
      if (GMIME_IS_TEXT_PART(part)) {
        GString_ converted(g_mime_text_part_get_text(GMIME_TEXT_PART(part)));
        if (converted) text = converted.get();
      }
      std::erase(text, '\r');
      text = valid_utf8_or_replaced(text);
      std::string& target = type == "text/plain" ? plain_ : html_;
      if (!target.empty() && !text.empty()) target += "\n\n";
      target += text;
      return Status::ok();
    }
    MailAttachment a;
    a.filename = filename_of(filename);
    a.content_type = type;
    a.content_id = clean_id(g_mime_object_get_content_id(object));
    a.inline_part = !attachment && (disposition != nullptr || !a.content_id.empty());
    a.data = decoded_content(part);
    return keep(std::move(a));
  }

  Status keep(MailAttachment a) {
    a.size = a.data.size();
    if (a.size > limits_.max_attachment_bytes) {
      a.over_limit = true;
      a.data.clear();
      a.data.shrink_to_fit();
    }
    out_.attachments.push_back(std::move(a));
    return Status::ok();
  }

  const MimeLimits& limits_;
  ParsedMail& out_;
  size_t parts_ = 0;
  bool files_only_ = false;  // inside an alternative that was not chosen for the text
  std::string plain_;
  std::string html_;
};

// The top-level header block's size (up to the first empty line).
size_t header_block_size(std::string_view raw) {
  size_t pos = 0;
  while (pos < raw.size()) {
    const size_t end = raw.find('\n', pos);
    if (end == std::string_view::npos) return raw.size();
    const std::string_view line = raw.substr(pos, end - pos);
    if (line.empty() || line == "\r") return pos;
    pos = end + 1;
  }
  return raw.size();
}

// Lines beginning "Content-Type:" bound the number of parts and their nesting
// before GMime builds its tree (a part without one cannot contain others).
size_t content_type_lines(std::string_view raw) {
  static constexpr std::string_view kName = "content-type:";
  size_t count = 0;
  size_t pos = 0;
  while (pos < raw.size()) {
    if (raw.size() - pos >= kName.size() && (raw[pos] == 'C' || raw[pos] == 'c')) {
      bool match = true;
      for (size_t i = 0; i < kName.size() && match; ++i) {
        char c = raw[pos + i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        match = c == kName[i];
      }
      if (match) ++count;
    }
    const size_t end = raw.find('\n', pos);
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return count;
}

}  // namespace

void ensure_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

Result<ParsedMail> parse_mail(std::string_view raw, const MimeLimits& limits) {
  if (raw.size() > limits.max_message_bytes) return invalid_argument("message larger than the limit");
  if (header_block_size(raw) > limits.max_header_bytes) return invalid_argument("header block larger than the limit");
  if (content_type_lines(raw) > limits.max_parts + 1) return invalid_argument("too many MIME parts");
  ensure_gmime();

  // The memory stream copies the bytes; GMime never sees past `raw`.
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(reinterpret_cast<const char*>(raw.data()), raw.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
  GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
  if (!message) return invalid_argument("not an RFC 5322 message");
  GMimeObject* top = GMIME_OBJECT(message.get());

  ParsedMail out;
  InternetAddressList* from = g_mime_message_get_from(message.get());
  for (int i = 0; from && i < internet_address_list_length(from); ++i) {
    InternetAddress* address = internet_address_list_get_address(from, i);
    if (!INTERNET_ADDRESS_IS_MAILBOX(address)) continue;
    out.from_address = reply_address(INTERNET_ADDRESS_MAILBOX(address));
    if (out.from_address.empty()) continue;
    if (const char* name = internet_address_get_name(address)) out.from_name = one_line(name);
    break;
  }
  if (out.from_address.empty() || out.from_address.find(' ') != std::string::npos)
    return invalid_argument("no From address");
  // Replies go back to this address in an ASCII header (no SMTPUTF8).
  for (unsigned char c : out.from_address) {
    if (c <= 0x20 || c >= 0x7f) return invalid_argument("From address is not ASCII");
  }
  InternetAddressList* reply_to = g_mime_message_get_reply_to(message.get());
  for (int i = 0; reply_to && i < internet_address_list_length(reply_to); ++i) {
    InternetAddress* address = internet_address_list_get_address(reply_to, i);
    if (!INTERNET_ADDRESS_IS_MAILBOX(address)) continue;
    out.reply_to_address = reply_address(INTERNET_ADDRESS_MAILBOX(address));
    if (!out.reply_to_address.empty()) break;
  }

  out.message_id = clean_id(g_mime_message_get_message_id(message.get()));
  std::vector<std::string> in_reply_to = parse_ids(header(top, "In-Reply-To"));
  if (!in_reply_to.empty()) out.in_reply_to = in_reply_to.front();
  out.references = parse_ids(header(top, "References"));
  if (const char* subject = g_mime_message_get_subject(message.get())) out.subject = one_line(subject);
  out.automatic = automatic(top, out.from_address);

  Walker walker(limits, out);
  if (GMimeObject* body = g_mime_message_get_mime_part(message.get())) {
    if (Status s = walker.walk(body, 0); !s.is_ok()) return s;
  }
  out.text = walker.text();
  return out;
}

}  // namespace deskd::mail
