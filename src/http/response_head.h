#pragma once
// The status line and header block of a response as sent on the wire
// (RFC 9112), written directly: one string per response instead of Beast's
// header container and serializer, which cost more than the rest of a cached
// Help Center page.
#include <string>

#include "http/message.h"

namespace deskd::http {

// "HTTP/1.x STATUS REASON\r\n", res.headers in order, Content-Length (the
// body's length, also for a HEAD request), the Connection header the version
// needs ("close" on HTTP/1.1 when not keeping the connection, "keep-alive" on
// HTTP/1.0 when keeping it), then "\r\n". `version` is 10 or 11. CR, LF and
// NUL inside a header name or value are replaced by a space, so no value can
// start a header of its own; a Content-Length or Connection in res.headers is
// left out (the server decides framing).
std::string response_head(const Response& res, unsigned version, bool keep_alive);

}  // namespace deskd::http
