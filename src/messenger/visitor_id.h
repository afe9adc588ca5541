#pragma once
// Messenger visitor ids (SPEC §1.6): 128 random bits as 22 base64url
// characters, the same value as the Help Center's dp_v cookie.
#include <string>
#include <string_view>

#include "core/random.h"

namespace deskd::messenger {

inline constexpr size_t kVisitorIdBytes = 16;

// 22 base64url characters that decode to 16 bytes.
bool is_visitor_id(std::string_view text);
// A fresh id from `random` (thread-safe when `random` is).
std::string new_visitor_id(Random& random);

}  // namespace deskd::messenger
