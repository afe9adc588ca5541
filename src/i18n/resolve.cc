#include "i18n/resolve.h"

#include <algorithm>

#include "core/text.h"

namespace deskd::i18n {
namespace {

bool is_lower_alpha(char c) {
  return c >= 'a' && c <= 'z';
}
bool is_alpha(char c) {
  return is_lower_alpha(c) || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_enabled(std::string_view v, const LanguageSettings& s) {
  return is_language_code(v) && std::find(s.enabled.begin(), s.enabled.end(), v) != s.enabled.end();
}

// RFC 4647 language-range: 1*8ALPHA *("-" 1*8alphanum). "*" is handled by the caller.
bool is_language_range(std::string_view v) {
  if (v.empty() || v.size() > 64) return false;
  size_t part_len = 0;
  bool first = true;
  for (char c : v) {
    if (c == '-') {
      if (part_len == 0) return false;
      part_len = 0;
      first = false;
      continue;
    }
    if (!(is_alpha(c) || (!first && is_digit(c)))) return false;
    if (++part_len > 8) return false;
  }
  return part_len > 0;
}

// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), as thousandths.
std::optional<int> parse_qvalue(std::string_view v) {
  if (v.empty() || v.size() > 5) return std::nullopt;
  if (v[0] != '0' && v[0] != '1') return std::nullopt;
  int q = (v[0] - '0') * 1000;
  if (v.size() == 1) return q;
  if (v[1] != '.') return std::nullopt;
  int scale = 100;
  for (char c : v.substr(2)) {
    if (!is_digit(c)) return std::nullopt;
    q += (c - '0') * scale;
    scale /= 10;
  }
  if (q > 1000) return std::nullopt;
  return q;
}

// The weight of one entry's parameters (the text after the range), or nullopt when malformed.
std::optional<int> parse_weight(std::string_view params) {
  int q = 1000;
  while (!params.empty()) {
    size_t semi = params.find(';');
    std::string_view param = trim_ows(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
    if (param.empty()) continue;
    size_t eq = param.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    if (iequals_ascii(trim_ows(param.substr(0, eq)), "q")) {
      auto parsed = parse_qvalue(trim_ows(param.substr(eq + 1)));
      if (!parsed) return std::nullopt;
      q = *parsed;
    }
  }
  return q;
}

std::optional<std::string> match_enabled(std::string_view range, const LanguageSettings& s) {
  for (const auto& code : s.enabled) {
    if (is_language_code(code) && iequals_ascii(range, code)) return code;
  }
  std::string_view primary = range.substr(0, range.find('-'));
  for (const auto& code : s.enabled) {
    if (is_language_code(code) && iequals_ascii(primary, code)) return code;
  }
  return std::nullopt;
}

}  // namespace

bool is_language_code(std::string_view v) {
  size_t i = 0;
  while (i < v.size() && is_lower_alpha(v[i])) ++i;
  if (i < 2 || i > 3) return false;
  if (i == v.size()) return true;
  if (v[i] != '-') return false;
  std::string_view sub = v.substr(i + 1);
  if (sub.size() < 2 || sub.size() > 4) return false;
  return std::all_of(sub.begin(), sub.end(), [](char c) { return is_alpha(c) || is_digit(c); });
}

std::optional<std::string> negotiate(std::string_view accept_language, const LanguageSettings& s) {
  std::optional<std::string> best;
  int best_q = 0;
  size_t entries = 0;
  std::string_view rest = accept_language;
  while (!rest.empty() && entries < kMaxAcceptEntries) {
    size_t comma = rest.find(',');
    std::string_view entry = trim_ows(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (entry.empty()) continue;  // RFC 9110 #rule: empty list elements do not count
    ++entries;
    size_t semi = entry.find(';');
    std::string_view range = trim_ows(entry.substr(0, semi));
    if (range == "*" || !is_language_range(range)) continue;
    auto q = parse_weight(semi == std::string_view::npos ? std::string_view{} : entry.substr(semi + 1));
    if (!q || *q == 0 || *q <= best_q) continue;
    if (auto code = match_enabled(range, s)) {
      best = std::move(code);
      best_q = *q;
      if (best_q == 1000) break;
    }
  }
  return best;
}

std::optional<PrefixMatch> strip_language_prefix(std::string_view path, const LanguageSettings& s) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  std::string_view after = path.substr(1);
  size_t slash = after.find('/');
  std::string_view segment = after.substr(0, slash);
  if (!is_enabled(segment, s)) return std::nullopt;
  std::string_view rest = slash == std::string_view::npos ? std::string_view{} : after.substr(slash);
  return PrefixMatch{std::string(segment), rest.empty() ? std::string("/") : std::string(rest)};
}

Resolved resolve(const ResolveInput& in, const LanguageSettings& s) {
  if (auto prefix = strip_language_prefix(in.path, s)) {
    return {std::move(prefix->lang), Source::kPrefix, std::move(prefix->rest)};
  }
  std::string path(in.path);
  if (in.person && is_enabled(*in.person, s)) return {std::string(*in.person), Source::kPerson, std::move(path)};
  if (in.cookie && is_enabled(*in.cookie, s)) return {std::string(*in.cookie), Source::kCookie, std::move(path)};
  if (auto negotiated = negotiate(in.accept_language, s)) {
    return {std::move(*negotiated), Source::kAcceptLanguage, std::move(path)};
  }
  return {s.default_language, Source::kDefault, std::move(path)};
}

}  // namespace deskd::i18n
