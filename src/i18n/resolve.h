#pragma once
// Help Center language resolution (SPEC §1.4): URL prefix > the person's saved
// language > dp_last_lang > Accept-Language > default. Pure functions over
// their arguments; thread-safe. Untrusted values that are not an enabled
// language code are ignored, so a result is always an enabled code (or the
// default) and never reflects request input.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace deskd::i18n {

struct LanguageSettings {
  std::vector<std::string> enabled;  // codes such as "en", "da"; compared exactly
  std::string default_language;
};

// 2-3 lowercase ASCII letters, optionally "-" followed by 2-4 ASCII letters or digits.
bool is_language_code(std::string_view v);

// Parses Accept-Language (RFC 9110 §12.5.4) and returns the enabled language of the
// highest q-value; ties keep header order; q=0 and "*" are skipped; a range matches an
// enabled code exactly or by its primary subtag ("da-DK" -> "da"), case-insensitively.
// Malformed entries are skipped; at most kMaxAcceptEntries entries are examined.
// nullopt when nothing matches.
inline constexpr size_t kMaxAcceptEntries = 50;
std::optional<std::string> negotiate(std::string_view accept_language, const LanguageSettings& s);

// "/da/kb/x" -> {"da", "/kb/x"}; "/da" and "/da/" -> {"da", "/"}. Only enabled codes
// (exact, lowercase) count; otherwise nullopt.
struct PrefixMatch {
  std::string lang;
  std::string rest;
};
std::optional<PrefixMatch> strip_language_prefix(std::string_view path, const LanguageSettings& s);

struct ResolveInput {
  std::string_view path;                   // request path (no query)
  std::optional<std::string_view> person;  // the logged-in person's saved language, if any
  std::optional<std::string_view> cookie;  // dp_last_lang value, if sent
  std::string_view accept_language;        // header, may be empty
};

enum class Source { kPrefix, kPerson, kCookie, kAcceptLanguage, kDefault };

struct Resolved {
  std::string lang;
  Source source;
  std::string path;  // the request path without the language prefix
};

Resolved resolve(const ResolveInput& in, const LanguageSettings& s);

}  // namespace deskd::i18n
