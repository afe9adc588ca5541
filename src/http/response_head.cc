#include "http/response_head.h"

namespace deskd::http {
namespace {

void append_clean(std::string& out, std::string_view text) {
  static constexpr std::string_view kBreaks("\r\n\0", 3);
  for (size_t at = text.find_first_of(kBreaks); at != std::string_view::npos; at = text.find_first_of(kBreaks)) {
    out.append(text.substr(0, at)).push_back(' ');
    text.remove_prefix(at + 1);
  }
  out.append(text);
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
