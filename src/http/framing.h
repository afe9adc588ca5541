#pragma once
// Request-framing rules (RFC 9112 §3.2, §6) checked on a parsed request head,
// before the body is read or the request reaches the application. Beast 1.74's
// parser already refuses some of these (Content-Length after a chunked
// Transfer-Encoding and vice versa, differing Content-Length values, a second
// "chunked"); this check covers every rule on its own so that it does not
// depend on which of them the parser happens to enforce.
// Pure functions, Beast-free, safe from any thread.
#include <string_view>

#include "http/message.h"

namespace deskd::http {

enum class FramingError {
  kNone,
  // Transfer-Encoding other than exactly one header "chunked" (e.g. "gzip, chunked",
  // "chunked, chunked", "identity", two headers), or any Transfer-Encoding in HTTP/1.0.
  kTransferEncoding,
  kTransferEncodingWithContentLength,
  // A Content-Length that is not one decimal number (differing values, a bad value).
  kContentLength,
  kMissingHost,  // HTTP/1.1 without Host (HTTP/1.0 may omit it)
  kDuplicateHost,
  kInvalidHost,  // not host[:port], see valid_host_header()
};

// `version` as Beast reports it: 10 for HTTP/1.0, 11 for HTTP/1.1. Returns the
// first rule the head breaks; any result but kNone must be answered 400 and
// the connection closed (the body length is unknown or the head ambiguous).
FramingError check_framing(unsigned version, const Headers& headers);

// A Host value: host [ ":" port ], where host is an IPv6 literal in brackets or
// a name of letters, digits, '-', '.', '_', '~' (DNS names and IPv4 addresses;
// RFC 3986's rarely used sub-delims and percent-escapes are refused), and port
// is 1-5 digits up to 65535.
bool valid_host_header(std::string_view value);

// Short name for logs, e.g. "transfer-encoding".
const char* framing_error_name(FramingError e);

}  // namespace deskd::http
