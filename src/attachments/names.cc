#include "attachments/names.h"

#include <array>

namespace deskd::attachments {
namespace {

// Length of the valid UTF-8 sequence at `s[i]` (1-4), or 0 when invalid
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
size_t utf8_sequence(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  size_t n = 0;
  uint32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    n = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4;
    cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr std::array<uint32_t, 5> kMin = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$&-^_.+").find(c) != std::string_view::npos;
}

// RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
bool is_attr_char(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool starts_with_bytes(std::string_view bytes, std::string_view signature) {
  return bytes.substr(0, signature.size()) == signature;
}

}  // namespace

std::string safe_filename(std::string_view raw) {
  const size_t slash = raw.find_last_of("/\\");
  if (slash != std::string_view::npos) raw.remove_prefix(slash + 1);
  std::string out;
  out.reserve(std::min(raw.size(), kMaxFilenameBytes));
  for (size_t i = 0; i < raw.size();) {
    const auto c = static_cast<unsigned char>(raw[i]);
    if (c < 0x20 || c == 0x7f) {
      ++i;
      continue;
    }
    const size_t n = utf8_sequence(raw, i);
    if (n == 0) {
      if (out.size() + 1 > kMaxFilenameBytes) break;
      out += '_';
      ++i;
      continue;
    }
    if (n == 2 && c == 0xC2 && static_cast<unsigned char>(raw[i + 1]) < 0xA0) {  // C1 controls
      i += n;
      continue;
    }
    if (out.size() + n > kMaxFilenameBytes) break;
    out.append(raw.substr(i, n));
    i += n;
  }
  size_t begin = 0;
  size_t end = out.size();
  while (begin < end && is_space(out[begin])) ++begin;
  while (end > begin && is_space(out[end - 1])) --end;
  out = out.substr(begin, end - begin);
  if (out.empty() || out == "." || out == "..") return "attachment";
  return out;
}

std::string normalized_content_type(std::string_view raw) {
  const size_t semi = raw.find(';');
  if (semi != std::string_view::npos) raw = raw.substr(0, semi);
  while (!raw.empty() && is_space(raw.front())) raw.remove_prefix(1);
  while (!raw.empty() && is_space(raw.back())) raw.remove_suffix(1);
  if (raw.empty() || raw.size() > 127) return std::string(kOctetStream);
  std::string lower;
  lower.reserve(raw.size());
  for (char c : raw) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  const size_t slash = lower.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == lower.size()) return std::string(kOctetStream);
  for (size_t i = 0; i < lower.size(); ++i) {
    if (i == slash) continue;
    if (!is_token_char(lower[i])) return std::string(kOctetStream);
  }
  return lower;
}

bool displays_inline(std::string_view content_type, std::string_view bytes) {
  if (content_type == "image/png") return starts_with_bytes(bytes, "\x89PNG\r\n\x1a\n");
  if (content_type == "image/jpeg") return starts_with_bytes(bytes, "\xFF\xD8\xFF");
  if (content_type == "image/gif") return starts_with_bytes(bytes, "GIF87a") || starts_with_bytes(bytes, "GIF89a");
  if (content_type == "image/webp")
    return bytes.size() >= 12 && starts_with_bytes(bytes, "RIFF") && bytes.substr(8, 4) == "WEBP";
  return false;
}

std::string content_disposition(std::string_view filename, bool inline_display) {
  std::string fallback;
  fallback.reserve(filename.size());
  std::string encoded;
  encoded.reserve(filename.size() * 3);
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (size_t i = 0; i < filename.size();) {
    const auto c = static_cast<unsigned char>(filename[i]);
    // One '_' per character in the fallback, whatever its UTF-8 length.
    const size_t n = c < 0x80 ? 1 : std::max<size_t>(1, utf8_sequence(filename, i));
    const bool plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%';
    fallback += plain ? static_cast<char>(c) : '_';
    for (size_t k = 0; k < n && i + k < filename.size(); ++k) {
      const auto b = static_cast<unsigned char>(filename[i + k]);
      if (is_attr_char(b)) {
        encoded += static_cast<char>(b);
      } else {
        encoded += '%';
        encoded += kHex[b >> 4];
        encoded += kHex[b & 0x0F];
      }
    }
    i += n;
  }
  if (fallback.empty()) fallback = "attachment";
  return std::string(inline_display ? "inline" : "attachment") + "; filename=\"" + fallback +
         "\"; filename*=UTF-8''" + (encoded.empty() ? std::string("attachment") : encoded);
}

}  // namespace deskd::attachments
