#include "security/totp.h"

#include <liboath/oath.h>

#include <cstdlib>
#include <mutex>

#include "core/crypto.h"

namespace deskd::security {
namespace {

constexpr std::string_view kCrockford = "0123456789abcdefghjkmnpqrstvwxyz";
constexpr size_t kRecoveryChars = 16;

void ensure_oath() {
  static std::once_flag once;
  std::call_once(once, [] { oath_init(); });
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

std::string totp_new_secret(Random& random) {
  ensure_oath();
  char key[kTotpSecretBytes];
  random.fill(key, sizeof key);
  char* out = nullptr;
  size_t out_len = 0;
  std::string secret;
  if (oath_base32_encode(key, sizeof key, &out, &out_len) == OATH_OK && out) {
    secret.assign(out, out_len);
    while (!secret.empty() && secret.back() == '=') secret.pop_back();
  }
  std::free(out);
  return secret;
}

std::optional<std::string> totp_key(std::string_view base32_secret) {
  ensure_oath();
  if (base32_secret.empty() || base32_secret.size() > 128) return std::nullopt;
  std::string upper(base32_secret);
  for (char& c : upper)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  while (upper.size() % 8) upper.push_back('=');
  char* out = nullptr;
  size_t out_len = 0;
  if (oath_base32_decode(upper.data(), upper.size(), &out, &out_len) != OATH_OK || !out || out_len == 0) {
    std::free(out);
    return std::nullopt;
  }
  std::string key(out, out_len);
  std::free(out);
  return key;
}

int64_t totp_step(int64_t unix_ms) {
  return unix_ms / 1000 / kTotpStepSeconds;
}

std::string totp_code(std::string_view key, int64_t step) {
  ensure_oath();
  char otp[kTotpDigits + 1] = {};
  if (step < 0 ||
      oath_hotp_generate(key.data(), key.size(), static_cast<uint64_t>(step), kTotpDigits, false,
                         OATH_HOTP_DYNAMIC_TRUNCATION, otp) != OATH_OK)
    return {};
  return std::string(otp, kTotpDigits);
}

std::optional<int64_t> totp_match(std::string_view key, std::string_view code, int64_t now_ms) {
  if (code.size() != static_cast<size_t>(kTotpDigits) || !all_digits(code) || key.empty()) return std::nullopt;
  const int64_t now = totp_step(now_ms);
  std::optional<int64_t> matched;
  for (int64_t step = now - kTotpWindowSteps; step <= now + kTotpWindowSteps; ++step) {
    const std::string expected = totp_code(key, step);
    if (!expected.empty() && constant_time_equal(expected, code)) matched = step;
  }
  return matched;
}

std::vector<std::string> new_recovery_codes(Random& random) {
  std::vector<std::string> codes;
  for (int i = 0; i < kRecoveryCodeCount; ++i) {
    unsigned char bytes[10];  // 80 bits = 16 base32 characters
    random.fill(bytes, sizeof bytes);
    std::string code;
    uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char b : bytes) {
      buffer = (buffer << 8) | b;
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        code.push_back(kCrockford[(buffer >> bits) & 31]);
      }
    }
    std::string shown;
    for (size_t at = 0; at < code.size(); ++at) {
      if (at && at % 4 == 0) shown.push_back('-');
      shown.push_back(code[at]);
    }
    codes.push_back(std::move(shown));
  }
  return codes;
}

std::optional<std::string> normalize_recovery_code(std::string_view typed) {
  if (typed.size() > 64) return std::nullopt;
  std::string out;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == 'o') c = '0';
    if (c == 'i' || c == 'l') c = '1';
    if (kCrockford.find(c) == std::string_view::npos) return std::nullopt;
    out.push_back(c);
  }
  if (out.size() != kRecoveryChars) return std::nullopt;
  return out;
}

std::string recovery_code_hash(std::string_view normalized) {
  return hash_hex("deskd-recovery-code-v1|" + std::string(normalized));
}

}  // namespace deskd::security
