#include "mail/mail_text.h"

#include <array>
#include <cstdint>
#include <vector>

#include "core/text.h"

namespace deskd::mail {
namespace {

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (ascii_lower(text[i]) != ascii_lower(prefix[i])) return false;
  }
  return true;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) cp = 0xfffd;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

// Decodes the entity starting at html[pos] == '&'; returns the characters consumed (0 = not an entity).
size_t decode_entity(std::string_view html, size_t pos, std::string& out) {
  const size_t semi = html.find(';', pos);
  if (semi == std::string_view::npos || semi - pos > 10) return 0;
  const std::string_view name = html.substr(pos + 1, semi - pos - 1);
  if (name.size() >= 2 && name[0] == '#') {
    uint32_t cp = 0;
    const bool hex = name[1] == 'x' || name[1] == 'X';
    for (size_t i = hex ? 2 : 1; i < name.size(); ++i) {
      const char c = name[i];
      int digit = -1;
      if (c >= '0' && c <= '9') digit = c - '0';
      if (hex && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
      if (hex && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
      if (digit < 0 || cp > 0x10ffff) return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(digit);
    }
    append_utf8(out, cp);
    return semi - pos + 1;
  }
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kNamed = {{{"amp", "&"},
                                                                                           {"lt", "<"},
                                                                                           {"gt", ">"},
                                                                                           {"quot", "\""},
                                                                                           {"apos", "'"},
                                                                                           {"nbsp", " "},
                                                                                           {"ndash", "\u2013"},
                                                                                           {"mdash", "\u2014"},
                                                                                           {"hellip", "\u2026"}}};
  for (const auto& [entity, text] : kNamed) {
    if (name == entity) {
      out += text;
      return semi - pos + 1;
    }
  }
  return 0;
}

bool is_block_tag(std::string_view tag) {
  static constexpr std::array<std::string_view, 14> kBlocks = {"p",  "div", "br", "li", "tr",         "h1",    "h2",
                                                               "h3", "h4",  "h5", "h6", "blockquote", "table", "ul"};
  for (std::string_view b : kBlocks) {
    if (tag == b) return true;
  }
  return false;
}

// Collapses runs of spaces, and of more than two line breaks, and trims each line.
std::string tidy(std::string_view text) {
  std::string out;
  int newlines = 0;
  bool space = false;
  for (char c : text) {
    if (c == '\n') {
      while (!out.empty() && out.back() == ' ') out.pop_back();
      space = false;
      if (++newlines <= 2 && !out.empty()) out += '\n';
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty() && out.back() != '\n') out += ' ';
    space = false;
    newlines = 0;
    out += c;
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace

std::string html_to_text(std::string_view html) {
  std::string out;
  out.reserve(html.size() / 2);
  size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '<') {
      if (html.substr(i, 4) == "<!--") {
        const size_t end = html.find("-->", i + 4);
        i = end == std::string_view::npos ? html.size() : end + 3;
        continue;
      }
      const size_t end = html.find('>', i);
      if (end == std::string_view::npos) break;
      std::string_view inside = html.substr(i + 1, end - i - 1);
      const bool closing = !inside.empty() && inside.front() == '/';
      if (closing) inside.remove_prefix(1);
      std::string tag;
      for (char t : inside) {
        if (!((t >= 'a' && t <= 'z') || (t >= 'A' && t <= 'Z') || (t >= '0' && t <= '9'))) break;
        tag += ascii_lower(t);
      }
      i = end + 1;
      if (!closing && (tag == "script" || tag == "style" || tag == "head" || tag == "title")) {
        // Skip to the matching close tag, case-insensitively.
        const std::string close = "</" + tag;
        size_t j = i;
        while (j < html.size() && !starts_with_ci(html.substr(j), close)) ++j;
        const size_t gt = html.find('>', j);
        i = gt == std::string_view::npos ? html.size() : gt + 1;
        continue;
      }
      if (is_block_tag(tag)) out += '\n';
      continue;
    }
    if (c == '&') {
      if (const size_t used = decode_entity(html, i, out); used > 0) {
        i += used;
        continue;
      }
    }
    out += c == '\r' || c == '\n' || c == '\t' ? ' ' : c;
    ++i;
  }
  return tidy(out);
}

std::string valid_utf8_or_replaced(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b == 0) {
      ++i;
      continue;
    }
    if (b < 0x80) {
      out += static_cast<char>(b);
      ++i;
      continue;
    }
    size_t len = 0;
    uint32_t min = 0;
    if (b >= 0xc2 && b <= 0xdf) {
      len = 2;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      len = 3;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      len = 4;
      min = 0x10000;
    }
    bool ok = len > 0 && i + len <= text.size();
    uint32_t cp = len == 2 ? b & 0x1f : len == 3 ? b & 0x0f : b & 0x07;
    for (size_t k = 1; ok && k < len; ++k) {
      const auto cont = static_cast<unsigned char>(text[i + k]);
      if ((cont & 0xc0) != 0x80) ok = false;
      cp = (cp << 6) | (cont & 0x3f);
    }
    if (ok && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (!ok) {
      out += "\xef\xbf\xbd";
      ++i;
      continue;
    }
    out.append(text.substr(i, len));
    i += len;
  }
  return out;
}

std::string without_quoted_reply(std::string_view text) {
  std::vector<std::string_view> lines;
  for (size_t pos = 0; pos <= text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  size_t cut = lines.size();
  for (size_t i = 0; i < lines.size() && cut == lines.size(); ++i) {
    const std::string_view line = trim_space(lines[i]);
    const std::string_view next = i + 1 < lines.size() ? trim_space(lines[i + 1]) : std::string_view();
    if (starts_with_ci(line, "On ") &&
        (line.ends_with("wrote:") || (!line.ends_with(".") && next.ends_with("wrote:")))) {
      cut = i;
    } else if (line.find("Original Message") != std::string_view::npos && line.starts_with("-----")) {
      cut = i;
    } else if (starts_with_ci(line, "From:") && (starts_with_ci(next, "Sent:") || starts_with_ci(next, "Date:"))) {
      cut = i;
    }
  }
  // A trailing run of quoted lines (blank lines allowed inside it).
  size_t quoted = cut;
  while (quoted > 0) {
    const std::string_view line = trim_space(lines[quoted - 1]);
    if (!line.empty() && line.front() != '>') break;
    --quoted;
  }
  bool any_quote = false;
  for (size_t i = quoted; i < cut; ++i) any_quote = any_quote || !trim_space(lines[i]).empty();
  if (any_quote) cut = quoted;
  std::string out;
  for (size_t i = 0; i < cut; ++i) {
    if (i) out += '\n';
    out.append(lines[i]);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ' || out.back() == '\r')) out.pop_back();
  if (trim_space(out).empty()) {
    std::string whole(text);
    while (!whole.empty() && (whole.back() == '\n' || whole.back() == ' ')) whole.pop_back();
    return whole;
  }
  return out;
}

}  // namespace deskd::mail
