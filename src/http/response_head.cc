#include "http/response_head.h"

#include <cstring>

namespace deskd::http {
namespace {

// Appends `text` with CR, LF and NUL replaced by a space. Header values are
// long (the CSP) and almost never need a change: three vectorised memchr
// scans decide (find_first_of with a character set costs a memchr call per
// byte, a plain loop about two instructions per byte).
void append_clean(std::string& out, std::string_view text) {
  const size_t start = out.size();
  out.append(text);
  if (!std::memchr(text.data(), '\r', text.size()) && !std::memchr(text.data(), '\n', text.size()) &&
      !std::memchr(text.data(), '\0', text.size()))
    return;
  for (size_t i = start; i < out.size(); ++i) {
    const char c = out[i];
    if (c == '\r' || c == '\n' || c == '\0') out[i] = ' ';
  }
}

}  // namespace

std::string response_head(const Response& res, unsigned version, bool keep_alive) {
  std::string out;
  size_t size = 64;
  for (const auto& [name, value] : res.headers) size += name.size() + value.size() + 4;
  out.reserve(size);
  out.append(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  out.append(std::to_string(res.status)).push_back(' ');
  out.append(reason_phrase(res.status)).append("\r\n");
  for (const auto& [name, value] : res.headers) {
    if (iequals(name, "Content-Length") || iequals(name, "Connection") || iequals(name, "Transfer-Encoding")) continue;
    append_clean(out, name);
    out.append(": ");
    append_clean(out, value);
    out.append("\r\n");
  }
  if (!res.stream) {
    out.append("Content-Length: ").append(std::to_string(res.body.size())).append("\r\n");
  } else if (const std::optional<uint64_t> length = res.stream->length()) {
    out.append("Content-Length: ").append(std::to_string(*length)).append("\r\n");
  } else if (version != 10) {
    out.append("Transfer-Encoding: chunked\r\n");
  }
  if (version == 10 && keep_alive) out.append("Connection: keep-alive\r\n");
  if (version != 10 && !keep_alive) out.append("Connection: close\r\n");
  out.append("\r\n");
  return out;
}

bool body_is_chunked(const Response& res, unsigned version) {
  return res.stream && !res.stream->length() && version != 10;
}

bool body_needs_close(const Response& res, unsigned version) {
  return res.stream && !res.stream->length() && version == 10;
}

}  // namespace deskd::http
