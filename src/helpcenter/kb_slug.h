#pragma once
// URL slugs for knowledge-base categories and articles. Pure; thread-safe.
#include <string>
#include <string_view>

namespace deskd::helpcenter {

inline constexpr size_t kMaxSlugBytes = 80;

// Lower-case ASCII: Danish/German letters spelled out (æ->ae, ø->oe, å->aa,
// ä->ae, ö->oe, ü->ue, ß->ss), other Latin-1 accents dropped (é->e), every
// other run of characters -> one '-', no leading/trailing '-', at most
// kMaxSlugBytes. "" when nothing is left.
std::string slugify(std::string_view title);

// 1..kMaxSlugBytes of [a-z0-9-], not starting or ending with '-'.
bool valid_slug(std::string_view slug);

}  // namespace deskd::helpcenter
