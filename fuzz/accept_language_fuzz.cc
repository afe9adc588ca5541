// Accept-Language headers, language tags in URLs (/da/kb), the dp_last_lang
// cookie and a person's saved language (i18n/resolve.h).
//
// Invariant: whatever the input, the resolved language is an enabled one (or
// the default) and never reflects request bytes; the path keeps its '/'.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <string>

#include "fuzz_check.h"
#include "i18n/resolve.h"

using namespace deskd;

namespace {

bool enabled(const i18n::LanguageSettings& s, std::string_view lang) {
  return std::find(s.enabled.begin(), s.enabled.end(), lang) != s.enabled.end();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const i18n::LanguageSettings settings[] = {
      {{"en", "da", "de"}, "en"}, {{"en"}, "en"}, {{"pt-br", "pt", "zh-hant", "da"}, "da"}};
  FuzzedDataProvider in(data, size);
  const auto& s = settings[in.ConsumeIntegralInRange<size_t>(0, 2)];
  const std::string path = in.ConsumeRandomLengthString(256);
  const std::string cookie = in.ConsumeRandomLengthString(64);
  const std::string person = in.ConsumeRandomLengthString(32);
  const bool has_cookie = in.ConsumeBool(), has_person = in.ConsumeBool();
  const std::string accept = in.ConsumeRemainingBytesAsString();

  if (i18n::is_language_code(accept)) FUZZ_CHECK(accept.size() >= 2 && accept.size() <= 8);
  if (auto lang = i18n::negotiate(accept, s)) FUZZ_CHECK(enabled(s, *lang));
  if (auto prefix = i18n::strip_language_prefix(path, s)) {
    FUZZ_CHECK(enabled(s, prefix->lang));
    FUZZ_CHECK(prefix->rest.starts_with('/'));
  }
  i18n::ResolveInput input;
  input.path = path;
  input.accept_language = accept;
  if (has_cookie) input.cookie = cookie;
  if (has_person) input.person = person;
  const i18n::Resolved r = i18n::resolve(input, s);
  FUZZ_CHECK(enabled(s, r.lang) || r.lang == s.default_language);
  return 0;
}
