#include "mail/message.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace deskd::mail {
namespace {

constexpr size_t kMaxEncodedWord = 75;
constexpr size_t kBodyLine = 76;

std::string single_line(std::string_view value) {
  std::string out(value);
  for (char& c : out) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return out;
}

std::string base64(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

bool plain_ascii(std::string_view text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return text.find("=?") == std::string_view::npos;
}

// Length of the UTF-8 sequence starting with `lead` (1 for stray bytes).
size_t sequence_length(unsigned char lead) {
  if (lead >= 0xf0 && lead <= 0xf7) return 4;
  if (lead >= 0xe0) return lead <= 0xef ? 3 : 1;
  if (lead >= 0xc0) return 2;
  return 1;
}

std::string normalized_body(std::string_view body) {
  std::string out;
  out.reserve(body.size() + body.size() / 32);
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\r') {
      out += "\r\n";
      if (i + 1 < body.size() && body[i + 1] == '\n') ++i;
    } else if (body[i] == '\n') {
      out += "\r\n";
    } else {
      out += body[i];
    }
  }
  return out;
}

}  // namespace

std::string rfc5322_date(int64_t unix_ms) {
  const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string encode_header_text(std::string_view text) {
  if (plain_ascii(text)) return std::string(text);
  static constexpr std::string_view kPrefix = "=?UTF-8?B?";
  static constexpr std::string_view kSuffix = "?=";
  // base64 of n bytes takes 4 * ceil(n / 3) characters.
  constexpr size_t kMaxBytes = (kMaxEncodedWord - kPrefix.size() - kSuffix.size()) / 4 * 3;
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = pos;
    while (end < text.size()) {
      const size_t len = std::min(sequence_length(static_cast<unsigned char>(text[end])), text.size() - end);
      if (end + len - pos > kMaxBytes) break;
      end += len;
    }
    if (!out.empty()) out += "\r\n ";
    out += kPrefix;
    out += base64(text.substr(pos, end - pos));
    out += kSuffix;
    pos = end;
  }
  return out;
}

std::string bare_address(std::string_view from) {
  const size_t open = from.rfind('<');
  const size_t close = from.rfind('>');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open)
    return std::string(from.substr(open + 1, close - open - 1));
  while (!from.empty() && from.front() == ' ') from.remove_prefix(1);
  while (!from.empty() && from.back() == ' ') from.remove_suffix(1);
  return std::string(from);
}

std::string make_message_id(std::string_view random_part, std::string_view from) {
  const std::string address = bare_address(from);
  const size_t at = address.rfind('@');
  const std::string domain = at == std::string::npos || at + 1 == address.size() ? "localhost" : address.substr(at + 1);
  return "<" + std::string(random_part) + "@" + domain + ">";
}

std::string render(const Message& m) {
  std::string out;
  out += "From: " + single_line(m.from) + "\r\n";
  out += "To: " + single_line(m.to) + "\r\n";
  out += "Subject: " + encode_header_text(single_line(m.subject)) + "\r\n";
  out += "Date: " + rfc5322_date(m.date_ms) + "\r\n";
  out += "Message-ID: " + single_line(m.message_id) + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=utf-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n";
  out += "\r\n";
  const std::string encoded = base64(normalized_body(m.body));
  for (size_t i = 0; i < encoded.size(); i += kBodyLine) {
    out += encoded.substr(i, kBodyLine);
    out += "\r\n";
  }
  return out;
}

}  // namespace deskd::mail
