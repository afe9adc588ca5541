#include "http/multipart.h"

#include <algorithm>
#include <functional>

#include "core/text.h"
#include "http/message.h"

namespace deskd::http {
namespace {

constexpr size_t kMaxBoundary = 70;

bool is_bchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}


bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

MultipartResult fail(int status, std::string reason) {
  MultipartResult r;
  r.status = status;
  r.reason = std::move(reason);
  return r;
}

// Parameters of a header value after its first token: `; key=value` with
// value a token or a quoted-string (only \" and \\ are escapes). Keys
// lower-cased. nullopt when malformed.
struct HeaderValue {
  std::string type;  // lower-cased first token
  std::vector<std::pair<std::string, std::string>> params;
  const std::string* param(std::string_view key) const {
    for (const auto& [k, v] : params)
      if (k == key) return &v;
    return nullptr;
  }
};

std::optional<HeaderValue> parse_header_value(std::string_view v) {
  HeaderValue out;
  size_t i = 0;
  auto skip_space = [&] {
    while (i < v.size() && is_ows(v[i])) ++i;
  };
  skip_space();
  const size_t type_begin = i;
  while (i < v.size() && v[i] != ';' && !is_ows(v[i])) ++i;
  out.type = ascii_lower(v.substr(type_begin, i - type_begin));
  if (out.type.empty()) return std::nullopt;
  skip_space();
  while (i < v.size()) {
    if (v[i] != ';') return std::nullopt;
    ++i;
    skip_space();
    if (i == v.size()) break;  // a trailing ';'
    const size_t key_begin = i;
    while (i < v.size() && is_token_char(v[i])) ++i;
    std::string key = ascii_lower(v.substr(key_begin, i - key_begin));
    skip_space();
    if (key.empty() || i == v.size() || v[i] != '=') return std::nullopt;
    ++i;
    skip_space();
    std::string value;
    if (i < v.size() && v[i] == '"') {
      ++i;
      bool closed = false;
      while (i < v.size()) {
        const char c = v[i++];
        if (c == '"') {
          closed = true;
          break;
        }
        // Only \" and \\ are escapes: browsers send "C:\dir\name" unescaped.
        if (c == '\\' && i < v.size() && (v[i] == '"' || v[i] == '\\')) {
          value += v[i++];
          continue;
        }
        value += c;
      }
      if (!closed) return std::nullopt;
    } else {
      const size_t value_begin = i;
      while (i < v.size() && v[i] != ';' && !is_ows(v[i])) ++i;
      value = std::string(v.substr(value_begin, i - value_begin));
    }
    skip_space();
    out.params.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

// RFC 5987 ext-value: charset'language'percent-encoded. Only UTF-8 (and its
// ASCII subset) is accepted; nullopt otherwise.
std::optional<std::string> decode_ext_value(std::string_view v) {
  const size_t q1 = v.find('\'');
  if (q1 == std::string_view::npos) return std::nullopt;
  const size_t q2 = v.find('\'', q1 + 1);
  if (q2 == std::string_view::npos) return std::nullopt;
  const std::string charset = ascii_lower(v.substr(0, q1));
  if (charset != "utf-8" && charset != "us-ascii") return std::nullopt;
  auto decoded = percent_decode(v.substr(q2 + 1), false);
  if (!decoded || !valid_utf8(*decoded)) return std::nullopt;
  return decoded;
}

// Browsers (WHATWG HTML, "multipart/form-data encoding algorithm") send '"',
// CR and LF in names and filenames as %22, %0D and %0A; those three are
// decoded, any other '%' is literal.
std::string decode_whatwg_escapes(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '%' && i + 2 < v.size()) {
      const std::string_view code = v.substr(i + 1, 2);
      const char decoded = code == "22" ? '"' : (code == "0D" || code == "0d") ? '\r' : (code == "0A" || code == "0a") ? '\n' : 0;
      if (decoded != 0) {
        out += decoded;
        i += 2;
        continue;
      }
    }
    out += v[i];
  }
  return out;
}

struct PartHead {
  std::string name;
  std::optional<std::string> filename;
  std::string content_type;
};

// Parses the header block of one part (CRLF-separated lines, no final blank
// line). Returns the reason when malformed.
std::optional<PartHead> parse_part_head(std::string_view head, std::string& reason) {
  PartHead out;
  bool has_disposition = false;
  while (!head.empty()) {
    const size_t eol = head.find("\r\n");
    std::string_view line = head.substr(0, eol);
    head = eol == std::string_view::npos ? std::string_view() : head.substr(eol + 2);
    if (line.empty()) continue;
    if (is_ows(line.front())) {
      reason = "folded part header";
      return std::nullopt;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      reason = "part header without a name";
      return std::nullopt;
    }
    const std::string_view name = line.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), is_token_char)) {
      reason = "part header name is not a token";
      return std::nullopt;
    }
    const std::string_view value = trim_ows(line.substr(colon + 1));
    if (iequals(name, "Content-Disposition")) {
      if (has_disposition) {
        reason = "two Content-Disposition headers";
        return std::nullopt;
      }
      has_disposition = true;
      auto parsed = parse_header_value(value);
      if (!parsed || parsed->type != "form-data") {
        reason = "Content-Disposition is not form-data";
        return std::nullopt;
      }
      const std::string* field = parsed->param("name");
      if (!field) {
        reason = "form-data part without a name";
        return std::nullopt;
      }
      out.name = decode_whatwg_escapes(*field);
      if (const std::string* ext = parsed->param("filename*")) {
        if (auto decoded = decode_ext_value(*ext)) out.filename = std::move(*decoded);
      }
      if (!out.filename) {
        if (const std::string* plain = parsed->param("filename")) out.filename = decode_whatwg_escapes(*plain);
      }
    } else if (iequals(name, "Content-Type")) {
      out.content_type = std::string(value);
    }
  }
  if (!has_disposition) {
    reason = "part without Content-Disposition";
    return std::nullopt;
  }
  if (!valid_utf8(out.name)) {
    reason = "field name is not UTF-8";
    return std::nullopt;
  }
  return out;
}

}  // namespace

bool is_multipart_form_data(std::string_view content_type) {
  const std::string_view type = trim_ows(content_type.substr(0, content_type.find(';')));
  return iequals(type, "multipart/form-data");
}

std::optional<std::string> form_data_boundary(std::string_view content_type) {
  if (!is_multipart_form_data(content_type)) return std::nullopt;
  const size_t semi = content_type.find(';');
  if (semi == std::string_view::npos) return std::nullopt;
  auto parsed = parse_header_value("x" + std::string(content_type.substr(semi)));
  if (!parsed) return std::nullopt;
  const std::string* boundary = parsed->param("boundary");
  if (!boundary || boundary->empty() || boundary->size() > kMaxBoundary || boundary->back() == ' ') return std::nullopt;
  if (!std::all_of(boundary->begin(), boundary->end(), is_bchar)) return std::nullopt;
  return *boundary;
}

MultipartResult parse_multipart(std::string_view body, std::string_view boundary, const MultipartLimits& limits) {
  if (boundary.empty() || boundary.size() > kMaxBoundary) return fail(400, "bad boundary");
  // Every delimiter but a first one at offset 0 is preceded by CRLF.
  const std::string delimiter = "\r\n--" + std::string(boundary);
  const std::boyer_moore_horspool_searcher searcher(delimiter.begin(), delimiter.end());
  auto find_delimiter = [&](size_t from) -> size_t {
    auto it = std::search(body.begin() + static_cast<std::ptrdiff_t>(from), body.end(), searcher);
    return it == body.end() ? std::string_view::npos : static_cast<size_t>(it - body.begin());
  };

  // The opening delimiter: at the very start, or after a preamble.
  size_t pos = 0;
  if (body.substr(0, delimiter.size() - 2) == std::string_view(delimiter).substr(2)) {
    pos = delimiter.size() - 2;
  } else {
    const size_t found = find_delimiter(0);
    if (found == std::string_view::npos) return fail(400, "no opening boundary");
    pos = found + delimiter.size();
  }

  MultipartForm form;
  size_t parts = 0;
  for (;;) {
    // After a delimiter: "--" closes the body; otherwise optional transport
    // padding (spaces, tabs) and CRLF start a part.
    if (body.substr(pos, 2) == "--") return MultipartResult{std::move(form), 0, {}};
    while (pos < body.size() && is_ows(body[pos])) ++pos;
    if (body.substr(pos, 2) != "\r\n") return fail(400, pos >= body.size() ? "no closing boundary" : "bad delimiter line");
    pos += 2;

    if (++parts > limits.max_parts) return fail(413, "too many parts");
    const std::string_view rest = body.substr(pos);
    // The header block ends at the first blank line; an empty block is a blank line right away.
    size_t head_end = rest.substr(0, 2) == "\r\n" ? 0 : rest.find("\r\n\r\n");
    if (head_end == std::string_view::npos) {
      return fail(rest.size() > limits.max_part_head_bytes ? 413 : 400, "part headers do not end");
    }
    if (head_end > limits.max_part_head_bytes) return fail(413, "part headers too large");
    std::string reason;
    std::optional<PartHead> head = parse_part_head(rest.substr(0, head_end), reason);
    if (!head) return fail(400, reason);
    const size_t content_begin = pos + head_end + (head_end == 0 ? 2 : 4);
    const size_t next = content_begin > body.size() ? std::string_view::npos : find_delimiter(content_begin);
    if (next == std::string_view::npos) return fail(400, "no closing boundary");
    const std::string_view content = body.substr(content_begin, next - content_begin);
    pos = next + delimiter.size();

    if (head->filename) {
      if (form.files.size() + 1 > limits.max_files) return fail(413, "too many files");
      form.files.push_back({std::move(head->name), std::move(*head->filename), std::move(head->content_type),
                            std::string(content)});
    } else {
      if (content.size() > limits.max_field_bytes) return fail(413, "field too large");
      if (!valid_utf8(content)) return fail(400, "field is not UTF-8");
      form.fields.fields.emplace_back(std::move(head->name), std::string(content));
    }
  }
}

}  // namespace deskd::http
