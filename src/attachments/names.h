#pragma once
// What an attachment is called and how it is labelled, from what a browser or
// a mail client claimed: a display name safe to store and show, a media type
// that is only ever a well-formed "type/subtype", whether the bytes may be
// shown inline, and the Content-Disposition that carries the name back out.
//
// Pure functions of their arguments; thread-safe. Used by the portal and agent
// forms and by the mail intake (so every channel stores names the same way).
#include <cstddef>
#include <string>
#include <string_view>

namespace deskd::attachments {

inline constexpr size_t kMaxFilenameBytes = 200;
inline constexpr std::string_view kOctetStream = "application/octet-stream";

// The name to store: the last path component (browsers and mailers may send
// "C:\\Users\\ann\\x.pdf" or "../x"), control characters (CR, LF, NUL, ...)
// removed, bytes that are not valid UTF-8 replaced by '_', surrounding spaces
// trimmed, cut to at most kMaxFilenameBytes at a character boundary; "" and
// "." / ".." become "attachment". Quotes and non-ASCII are kept (they are
// escaped on the way out, see content_disposition).
std::string safe_filename(std::string_view raw);

// "type/subtype" lower-cased with any parameters dropped, when `raw` is one;
// otherwise kOctetStream.
std::string normalized_content_type(std::string_view raw);

// True when the bytes are an image a browser may show in place: the declared
// type is PNG, JPEG, GIF or WebP AND the bytes start with that format's
// signature (SVG, which can carry script, never is).
bool displays_inline(std::string_view content_type, std::string_view bytes);

// RFC 6266 Content-Disposition: `attachment` (or `inline`) with an ASCII
// fallback `filename="..."` (non-ASCII, quotes, backslashes, '%' and controls
// as '_') and `filename*=UTF-8''<percent-encoded name>`.
std::string content_disposition(std::string_view filename, bool inline_display);

}  // namespace deskd::attachments
