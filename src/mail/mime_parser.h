#pragma once
// Parsing one inbound RFC 5322 / MIME message with GMime 3 into what the
// helpdesk keeps of it: addresses, threading headers, a UTF-8 text body and
// the attachments. Pure function of its input; thread-safe (GMime is
// initialised once, process-wide, on first use).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace deskd::mail {

struct MimeLimits {
  size_t max_message_bytes = 32 * 1024 * 1024;     // the whole raw message
  size_t max_header_bytes = 256 * 1024;            // the top-level header block
  size_t max_parts = 500;                          // MIME leaves and containers
  int max_depth = 20;                              // nesting of multiparts / attached messages
  size_t max_attachment_bytes = 10 * 1024 * 1024;  // the intake sets tickets.attachment_max_bytes
};

struct MailAttachment {
  std::string filename;      // UTF-8, never empty ("attachment" when the part has none), no path
  std::string content_type;  // "image/png", lower case
  std::string content_id;    // without <>; set for inline images referenced by cid:
  bool inline_part = false;  // Content-Disposition: inline (or a cid-referenced image)
  bool over_limit = false;   // larger than max_attachment_bytes: `data` is empty, `size` is the real size
  size_t size = 0;           // decoded bytes
  std::string data;          // decoded bytes (empty when over_limit)
};

struct ParsedMail {
  std::string message_id;               // without <>, "" when the message has none
  std::string in_reply_to;              // without <>, "" when none
  std::vector<std::string> references;  // without <>, oldest first
  std::string from_name;                // UTF-8 display name, "" when none
  std::string from_address;             // lower-cased bare address, "" when none
  std::string reply_to_address;         // lower-cased, "" when none
  std::string subject;                  // UTF-8, RFC 2047 decoded, one line
  std::string text;                     // UTF-8 text body: text/plain preferred, else text of the HTML
  bool automatic = false;               // Auto-Submitted (not "no"), Precedence bulk/junk/list, X-Autoreply,
                                        // or a mailer-daemon / postmaster sender
  std::vector<MailAttachment> attachments;
};

// InvalidArgument (with a reason a person can read) when the input is not a
// message deskd can keep: larger than the limits, no From address, or too many
// parts. Never crashes or hangs on malformed MIME; unknown charsets are decoded
// as far as possible and invalid UTF-8 is replaced by U+FFFD.
Result<ParsedMail> parse_mail(std::string_view raw, const MimeLimits& limits = {});

// Makes GMime ready; idempotent and thread-safe. parse_mail() and render()
// call it; tests and the CLI need not.
void ensure_gmime();

}  // namespace deskd::mail
