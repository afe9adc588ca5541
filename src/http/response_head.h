#pragma once
// The status line and header block of a response as sent on the wire
// (RFC 9112), written directly: one string per response instead of Beast's
// header container and serializer, which cost more than the rest of a cached
// Help Center page.
#include <string>

#include "http/message.h"

namespace deskd::http {

// "HTTP/1.x STATUS REASON\r\n", res.headers in order, the framing, the
// Connection header the version needs ("close" on HTTP/1.1 when not keeping
// the connection, "keep-alive" on HTTP/1.0 when keeping it), then "\r\n".
// `version` is 10 or 11. Framing (also for a HEAD request): Content-Length of
// res.body, or of res.stream when its length is known; a stream of unknown
// length gets "Transfer-Encoding: chunked" on HTTP/1.1 and nothing on HTTP/1.0
// (the caller must then close: see body_needs_close). CR, LF and NUL inside a
// header name or value are replaced by a space, so no value can start a header
// of its own; a Content-Length, Transfer-Encoding or Connection in res.headers
// is left out (the server decides framing).
std::string response_head(const Response& res, unsigned version, bool keep_alive);

// True when res's body can be sent chunked (a stream of unknown length on HTTP/1.1).
bool body_is_chunked(const Response& res, unsigned version);
// True when only closing the connection can end res's body (a stream of
// unknown length on HTTP/1.0).
bool body_needs_close(const Response& res, unsigned version);

}  // namespace deskd::http
