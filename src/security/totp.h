#pragma once
// TOTP (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits, as every authenticator
// app defaults to) and single-use recovery codes for two-factor sign-in
// (SPEC §12). Pure functions over liboath; thread-safe. Replay protection
// (a step is accepted once) is the store's job: see storage::TwoFactorStore.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/random.h"

namespace deskd::security {

inline constexpr int kTotpDigits = 6;
inline constexpr int64_t kTotpStepSeconds = 30;
inline constexpr size_t kTotpSecretBytes = 20;  // 160 bits, RFC 4226's recommendation
// Codes of this many steps before and after now are accepted (clock drift and
// the seconds a person needs to type).
inline constexpr int64_t kTotpWindowSteps = 1;
inline constexpr int kRecoveryCodeCount = 10;

// A fresh secret: kTotpSecretBytes from `random`, base32 without padding.
std::string totp_new_secret(Random& random);
// The key bytes of a base32 secret (case-insensitive, padding optional);
// nullopt when it is not base32 or empty.
std::optional<std::string> totp_key(std::string_view base32_secret);
// The time step of a Unix time in milliseconds.
int64_t totp_step(int64_t unix_ms);
// The kTotpDigits code of `key` (raw bytes) at `step`.
std::string totp_code(std::string_view key, int64_t step);
// The step whose code equals `code`, among the steps within kTotpWindowSteps
// of now (the newest when several match); nullopt when `code` is not exactly
// kTotpDigits ASCII digits or matches none. Every candidate is computed and
// compared in constant time.
std::optional<int64_t> totp_match(std::string_view key, std::string_view code, int64_t now_ms);

// kRecoveryCodeCount fresh codes, each 80 bits from `random` shown as
// "xxxx-xxxx-xxxx-xxxx" (Crockford base32, lower case).
std::vector<std::string> new_recovery_codes(Random& random);
// A typed recovery code without spaces and dashes, lower-cased, with the
// letters people confuse (o, i, l) read as the digits they stand for; nullopt
// when it cannot be a recovery code.
std::optional<std::string> normalize_recovery_code(std::string_view typed);
// What the store keeps of a (normalized) recovery code.
std::string recovery_code_hash(std::string_view normalized);

}  // namespace deskd::security
