#pragma once
// RFC 5322 / MIME rendering of one outgoing plain-text mail. Pure functions;
// thread-safe.
#include <cstdint>
#include <string>
#include <string_view>

namespace deskd::mail {

struct Message {
  std::string from;        // "deskd@example.com" or "Helpdesk <deskd@example.com>"
  std::string to;          // one address
  std::string subject;     // UTF-8
  std::string body;        // UTF-8 plain text, any line endings
  int64_t date_ms = 0;     // Unix milliseconds
  std::string message_id;  // "<unique@domain>"
};

// The whole message: From, To, Subject (RFC 2047 encoded when not plain
// ASCII), Date, Message-ID, MIME-Version, Content-Type: text/plain;
// charset=utf-8 and a base64 body in lines of 76, every line ending in CRLF.
// CR and LF inside header values are replaced by spaces (no header injection).
std::string render(const Message& message);

// "Tue, 01 Dec 2026 09:05:03 +0000"
std::string rfc5322_date(int64_t unix_ms);

// `text` unchanged when it is printable ASCII without "=?"; otherwise RFC 2047
// "=?UTF-8?B?...?=" words of at most 75 characters each, never splitting a
// UTF-8 sequence, joined by CRLF + space (header folding).
std::string encode_header_text(std::string_view text);

// The bare address of a From value: "A <a@x>" -> "a@x"; "a@x" -> "a@x".
std::string bare_address(std::string_view from);

// "<random@domain of from>"; `random_part` must be unique (e.g. a random token).
std::string make_message_id(std::string_view random_part, std::string_view from);

}  // namespace deskd::mail
