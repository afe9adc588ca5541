#pragma once
// Checking a typed second factor (SPEC §12): a TOTP code or one of the
// person's recovery codes. Failures are throttled like passwords, under the
// login key scheme of security/throttle.h with the account "2fa:<e-mail>" (the
// address key is shared with password failures), and each attempt leaves an
// audit row. A TOTP step is accepted once (the store's compare-and-swap), so a
// code seen over someone's shoulder cannot be replayed, not even in parallel.
#include <cstdint>
#include <string>
#include <string_view>

#include "pipeline/context.h"
#include "storage/records.h"

namespace deskd::accounts {

enum class FactorOutcome { kOk, kWrong, kThrottled, kUnavailable };

struct FactorCheck {
  FactorOutcome outcome = FactorOutcome::kWrong;
  int64_t retry_after_s = 0;   // with kThrottled
  bool used_recovery_code = false;
  int64_t step = 0;            // the TOTP step accepted (enrolment)
};

// The code of a confirmed enrolment (TOTP or recovery code); `purpose` goes
// into the audit rows ("agent", "admin", "disable", ...).
FactorCheck check_second_factor(pipeline::RequestContext& ctx, const storage::Person& person, std::string_view typed,
                                std::string_view purpose);

// The first TOTP code for a secret being enrolled (not a recovery code).
FactorCheck check_enrolment_code(pipeline::RequestContext& ctx, const storage::Person& person,
                                 std::string_view base32_secret, std::string_view typed);

// Sets the Retry-After header for kThrottled and returns the message to show
// (catalog text in ctx.lang) for any outcome but kOk.
std::string factor_error(pipeline::RequestContext& ctx, const FactorCheck& check);

}  // namespace deskd::accounts
