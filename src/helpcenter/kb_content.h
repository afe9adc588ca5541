#pragma once
// Building stored knowledge-base content from what an author wrote (editor,
// demo seed). Pure; thread-safe.
#include <string>
#include <string_view>

#include "i18n/catalog.h"
#include "storage/kb_store.h"

namespace deskd::helpcenter {

inline constexpr size_t kMaxTitleChars = 200;
inline constexpr size_t kMaxBodyBytes = 100 * 1024;
inline constexpr size_t kMaxDescriptionChars = 500;

// A translation with body_text (the search text) derived from body_md and the
// slug generated from the title when `slug` is empty ("article" when the
// title has no letters to make one from).
storage::KbTranslation make_translation(const i18n::Catalogs& catalogs, std::string lang, std::string title,
                                        std::string slug, std::string body_md);

// Number of UTF-8 characters (code points) in valid UTF-8 text.
size_t utf8_length(std::string_view text);

}  // namespace deskd::helpcenter
