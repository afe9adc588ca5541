#include "http/framing.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>

#include "core/text.h"

namespace deskd::http {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (!is_digit(c)) return false;
  return !s.empty();
}

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

bool valid_port(std::string_view port) {
  if (port.empty() || port.size() > 5 || !all_digits(port)) return false;
  unsigned value = 0;
  std::from_chars(port.data(), port.data() + port.size(), value);
  return value <= 65535;
}

// Every comma-separated value of every Content-Length header must be the same
// decimal number; returns false otherwise.
bool consistent_content_length(const Headers& headers) {
  std::optional<uint64_t> seen;
  for (const auto& [name, value] : headers) {
    if (!iequals(name, "Content-Length")) continue;
    std::string_view rest = value;
    for (;;) {
      const size_t comma = rest.find(',');
      const std::string_view item = trim_ows(rest.substr(0, comma));
      uint64_t n = 0;
      if (!all_digits(item)) return false;
      auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), n);
      if (ec != std::errc() || end != item.data() + item.size()) return false;
      if (seen && *seen != n) return false;
      seen = n;
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return true;
}

}  // namespace

bool valid_host_header(std::string_view value) {
  std::string_view host = value, port;
  bool has_port = false;
  if (value.starts_with('[')) {
    const size_t close = value.find(']');
    if (close == std::string_view::npos) return false;
    const std::string literal(value.substr(1, close - 1));
    in6_addr addr{};
    if (inet_pton(AF_INET6, literal.c_str(), &addr) != 1) return false;
    std::string_view after = value.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return false;
      has_port = true;
      port = after.substr(1);
    }
  } else {
    const size_t colon = value.find(':');
    if (colon != std::string_view::npos) {
      has_port = true;
      port = value.substr(colon + 1);
      host = value.substr(0, colon);
    }
    if (host.empty()) return false;
    for (char c : host)
      if (!name_char(c)) return false;
  }
  return !has_port || valid_port(port);
}

FramingError check_framing(unsigned version, const Headers& headers) {
  int transfer_encodings = 0, content_lengths = 0, hosts = 0;
  bool chunked_only = true;
  std::string_view host;
  for (const auto& [name, value] : headers) {
    if (iequals(name, "Transfer-Encoding")) {
      ++transfer_encodings;
      if (!iequals(trim_ows(value), "chunked")) chunked_only = false;
    } else if (iequals(name, "Content-Length")) {
      ++content_lengths;
    } else if (iequals(name, "Host")) {
      ++hosts;
      host = value;
    }
  }
  if (transfer_encodings > 0) {
    if (version < 11 || transfer_encodings > 1 || !chunked_only) return FramingError::kTransferEncoding;
    if (content_lengths > 0) return FramingError::kTransferEncodingWithContentLength;
  }
  if (content_lengths > 0 && !consistent_content_length(headers)) return FramingError::kContentLength;
  if (hosts > 1) return FramingError::kDuplicateHost;
  if (hosts == 0) return version >= 11 ? FramingError::kMissingHost : FramingError::kNone;
  return valid_host_header(trim_ows(host)) ? FramingError::kNone : FramingError::kInvalidHost;
}

const char* framing_error_name(FramingError e) {
  switch (e) {
    case FramingError::kNone: return "none";
    case FramingError::kTransferEncoding: return "transfer-encoding";
    case FramingError::kTransferEncodingWithContentLength: return "transfer-encoding-with-content-length";
    case FramingError::kContentLength: return "content-length";
    case FramingError::kMissingHost: return "missing-host";
    case FramingError::kDuplicateHost: return "duplicate-host";
    case FramingError::kInvalidHost: return "invalid-host";
  }
  return "unknown";
}

}  // namespace deskd::http
