#pragma once
// Text helpers for inbound mail bodies. Pure functions; thread-safe.
#include <string>
#include <string_view>

namespace deskd::mail {

// The readable text of an HTML body: tags dropped, the content of script,
// style, head and comments dropped, block elements (p, div, br, li, tr, h1-6,
// blockquote) become line breaks, entities (named basics and numeric) decoded.
// The result is plain text and is escaped like any other text when shown.
std::string html_to_text(std::string_view html);

// `text` with any invalid UTF-8 byte replaced by U+FFFD and NUL removed.
std::string valid_utf8_or_replaced(std::string_view text);

// The part of a reply to show by default: everything before the quoted
// earlier message. A quote starts at a line "On ... wrote:" (Gmail, Apple
// Mail; also when the attribution is wrapped over two lines), a line
// "-----Original Message-----" (Outlook), an Outlook header block
// ("From: ..." followed by "Sent:" or "Date:"), or a trailing run of lines
// starting with ">". Trailing blank lines are dropped. When trimming would
// leave nothing, the whole text is returned.
std::string without_quoted_reply(std::string_view text);

}  // namespace deskd::mail
