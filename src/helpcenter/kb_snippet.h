#pragma once
// Search snippets to HTML. Pure; thread-safe.
#include <string>
#include <string_view>

namespace deskd::helpcenter {

// `text` HTML-escaped, then each storage::kKbMarkOpen/kKbMarkClose pair turned
// into <mark>...</mark> (unbalanced markers are balanced or dropped). Neither
// the query nor the article text can inject markup.
std::string marked_html(std::string_view text);

}  // namespace deskd::helpcenter
