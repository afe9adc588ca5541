#pragma once
// RFC 5322 / MIME composition of one outgoing mail with GMime 3. Pure
// functions; thread-safe.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace deskd::mail {

struct OutgoingAttachment {
  std::string filename;      // UTF-8; RFC 2231-encoded when not ASCII
  std::string content_type;  // "image/png"; application/octet-stream when empty or malformed
  std::string data;          // raw bytes
};

struct Message {
  std::string from;        // "deskd@example.com" or "Helpdesk <deskd@example.com>"
  std::string to;          // one address
  std::string subject;     // UTF-8
  std::string body;        // UTF-8 plain text, any line endings
  int64_t date_ms = 0;     // Unix milliseconds
  std::string message_id;  // "<unique@domain>"
  // Threading (SPEC §10); empty = header left out.
  std::string reply_to;                 // an address
  std::string in_reply_to;              // "<id@domain>"
  std::vector<std::string> references;  // "<id@domain>" each, oldest first
  std::vector<OutgoingAttachment> attachments;
};

// The whole message, composed by GMime: From, To, Reply-To, Subject (RFC 2047
// encoded when not plain ASCII), Date, Message-ID, In-Reply-To, References,
// MIME-Version and a text/plain; charset=utf-8 body in base64 -- inside a
// multipart/mixed with one base64 part per attachment when there are any.
// Every line ends in CRLF. CR and LF inside header values (and file names) are
// replaced by spaces, so nothing a person typed can add a header.
std::string render(const Message& message);

// The bare address of a From value: "A <a@x>" -> "a@x"; "a@x" -> "a@x".
std::string bare_address(std::string_view from);

// "<random@domain of from>"; `random_part` must be unique (e.g. a random token).
std::string make_message_id(std::string_view random_part, std::string_view from);

}  // namespace deskd::mail
