// Knowledge-base article bodies: Markdown rendered by cmark-gfm in safe mode
// (helpcenter/markdown.h), as HTML and as the plain text that is indexed.
//
// Invariant: the HTML never carries a script element or a javascript: URL,
// whatever the source (raw HTML and unsafe link schemes are dropped).
#include <algorithm>
#include <cstdlib>
#include <string>

#include "fuzz_check.h"
#include "helpcenter/markdown.h"
#include "i18n/catalog.h"

using namespace deskd;

namespace {

const i18n::Catalogs& catalogs() {
  static const i18n::Catalogs c = [] {
    auto loaded = i18n::Catalogs::load(fuzz::web_dir() + "/locales", {"en", "da", "de"}, "en");
    if (!loaded.is_ok()) {
      std::fprintf(stderr, "cannot load catalogs from %s/locales\n", fuzz::web_dir().c_str());
      std::abort();
    }
    return std::move(*loaded);
  }();
  return c;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view source(reinterpret_cast<const char*>(data), size);
  const char* lang = size % 2 ? "da" : "en";
  const std::string html = lower(helpcenter::render_markdown(source, catalogs(), lang));
  FUZZ_CHECK(html.find("<script") == std::string::npos);
  FUZZ_CHECK(html.find("href=\"javascript:") == std::string::npos);
  FUZZ_CHECK(html.find("src=\"javascript:") == std::string::npos);
  (void)helpcenter::markdown_plain_text(source, catalogs(), lang);
  return 0;
}
