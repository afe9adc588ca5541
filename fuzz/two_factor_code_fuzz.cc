// The `code` field of the two-factor forms (a TOTP code or a recovery code) and
// stored base32 secrets: security::totp_match, normalize_recovery_code,
// totp_key (security/totp.h).
//
// Invariants: whatever the input, a matched step lies within the window of
// now and its code is exactly what was typed; a normalized recovery code is 16
// Crockford base32 characters; a decoded key is never empty.
#include <fuzzer/FuzzedDataProvider.h>

#include <string>

#include "fuzz_check.h"
#include "security/totp.h"

using namespace deskd;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const int64_t now_ms = in.ConsumeIntegralInRange<int64_t>(0, int64_t{1} << 45);
  const std::string secret = in.ConsumeRandomLengthString(160);
  const std::string typed = in.ConsumeRemainingBytesAsString();

  if (auto key = security::totp_key(secret)) FUZZ_CHECK(!key->empty());
  static const std::string kKey = "12345678901234567890";
  if (auto step = security::totp_match(kKey, typed, now_ms)) {
    const int64_t now = security::totp_step(now_ms);
    FUZZ_CHECK(*step >= now - security::kTotpWindowSteps && *step <= now + security::kTotpWindowSteps);
    FUZZ_CHECK(security::totp_code(kKey, *step) == typed);
  }
  if (auto code = security::normalize_recovery_code(typed)) {
    FUZZ_CHECK(code->size() == 16);
    for (char c : *code) FUZZ_CHECK((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'));
    FUZZ_CHECK(security::recovery_code_hash(*code).size() == 64);
  }
  return 0;
}
