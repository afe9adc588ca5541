#include "helpcenter/kb_content.h"

#include "helpcenter/kb_slug.h"
#include "helpcenter/markdown.h"

namespace deskd::helpcenter {
namespace {

// Search snippets use these private-use characters as match markers.
std::string without_markers(std::string text) {
  for (std::string_view marker : {storage::kKbMarkOpen, storage::kKbMarkClose}) {
    for (size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at))
      text.erase(at, marker.size());
  }
  return text;
}

}  // namespace

storage::KbTranslation make_translation(const i18n::Catalogs& catalogs, std::string lang, std::string title,
                                        std::string slug, std::string body_md) {
  storage::KbTranslation t;
  t.body_text = without_markers(markdown_plain_text(body_md, catalogs, lang));
  t.title = without_markers(std::move(title));
  t.slug = slug.empty() ? slugify(t.title) : std::move(slug);
  if (t.slug.empty()) t.slug = "article";
  t.lang = std::move(lang);
  t.body_md = std::move(body_md);
  return t;
}

size_t utf8_length(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace deskd::helpcenter
