#pragma once
// Knowledge-base article bodies: CommonMark + GitHub tables, strikethrough
// and autolinks, rendered by cmark-gfm in safe mode. Raw HTML in the source
// never reaches the output ("<!-- raw HTML omitted -->"), and links or images
// with unsafe schemes (javascript:, vbscript:, file:, non-image data:) lose
// their URL. A line consisting of "[[cookie-table]]" is replaced by the cookie
// table built from the live registry in the page language (cookie_rows.h).
// Pure; thread-safe.
#include <string>
#include <string_view>

#include "i18n/catalog.h"

namespace deskd::helpcenter {

inline constexpr std::string_view kCookieTableLine = "[[cookie-table]]";

// Safe HTML for `markdown` in `lang`.
std::string render_markdown(std::string_view markdown, const i18n::Catalogs& catalogs, std::string_view lang);

// The readable text of `markdown` (no markup), for the search index and
// snippets; the cookie table contributes its cookie names and purposes.
std::string markdown_plain_text(std::string_view markdown, const i18n::Catalogs& catalogs, std::string_view lang);

}  // namespace deskd::helpcenter
