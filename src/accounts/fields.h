#pragma once
// Checks of the account form fields shared by registration, password reset,
// login and "My account". Pure functions; thread-safe.
#include <cstddef>
#include <string>
#include <string_view>

namespace deskd::accounts {

inline constexpr size_t kMaxEmail = 254;
inline constexpr size_t kMaxName = 100;         // characters (UTF-8 code points)
inline constexpr size_t kMinPasswordChars = 8;  // characters (UTF-8 code points)
inline constexpr size_t kMaxPasswordBytes = 1024;

// Trimmed and ASCII-lower-cased; at most kMaxEmail + 1 bytes are looked at, so
// an oversize input stays oversize.
std::string normalized_email(std::string_view raw);

// A plausible mailbox of a normalized address: one '@', a non-empty local part
// of printable ASCII without spaces, quotes, commas, brackets or angle
// brackets, and a domain of dot-separated labels (letters, digits, '-') with at
// least one dot; at most kMaxEmail bytes.
bool valid_email(std::string_view email);

// Leading/trailing whitespace removed.
std::string trimmed(std::string_view text);

// Number of UTF-8 code points (continuation bytes are not counted).
size_t utf8_length(std::string_view text);

// The catalog key of what is wrong with a new password and its confirmation,
// or "" when they are acceptable: account.password_short (< 8 characters),
// account.password_long (> 1024 bytes), account.password_mismatch.
std::string_view password_problem(std::string_view password, std::string_view confirmation);

}  // namespace deskd::accounts
