#pragma once
// Storage of TOTP two-factor sign-in (SPEC §12): one secret per person and
// that person's single-use recovery codes (only hashes are stored).
//
// Threading: every call may block; call from the worker pool. Implementations
// are thread-safe, and the compare-and-swap methods (use_step,
// use_recovery_code) let exactly one of several racing requests win.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace deskd::storage {

struct TwoFactor {
  int64_t person_id = 0;
  std::string secret;           // the TOTP key, base32 (RFC 4648, no padding); a verifier needs it, so not hashed
  int64_t created_ms = 0;       // when this secret was drawn (enrolment started)
  int64_t confirmed_ms = 0;     // 0 = enrolment not confirmed yet: sign-in does not ask for a code
  int64_t last_step = 0;        // highest TOTP time step accepted so far (replay protection)
  int recovery_codes_left = 0;  // unused recovery codes
};

class TwoFactorStore {
 public:
  virtual ~TwoFactorStore() = default;
  // Starts (or restarts) an enrolment: stores an unconfirmed secret for the
  // person. Conflict when the person has a confirmed one (reset it first);
  // InvalidArgument for an unknown person or an empty secret.
  virtual Status begin(int64_t person_id, std::string_view secret, int64_t now_ms) = 0;
  // NotFound when the person has no secret (confirmed or not).
  virtual Result<TwoFactor> find(int64_t person_id) = 0;
  // Confirms the enrolment with the time step of the code that proved it and
  // replaces the person's recovery codes by `recovery_code_hashes`, in one
  // transaction. Conflict when already confirmed; NotFound when absent.
  virtual Status confirm(int64_t person_id, int64_t step, const std::vector<std::string>& recovery_code_hashes,
                         int64_t now_ms) = 0;
  // Replaces the recovery codes of a confirmed enrolment. NotFound when the
  // person has no confirmed secret.
  virtual Status replace_recovery_codes(int64_t person_id, const std::vector<std::string>& recovery_code_hashes) = 0;
  // Accepts a TOTP time step only when it is newer than every step accepted
  // before (a used code and any older one are refused). Conflict when not
  // newer; NotFound when the person has no confirmed secret.
  virtual Status use_step(int64_t person_id, int64_t step) = 0;
  // Marks one unused recovery code of the person as used. Conflict when no
  // unused code of the person has this hash.
  virtual Status use_recovery_code(int64_t person_id, std::string_view code_hash, int64_t now_ms) = 0;
  // Removes the secret and every recovery code (disable / admin reset).
  // NotFound when there was nothing to remove.
  virtual Status remove(int64_t person_id) = 0;
};

}  // namespace deskd::storage
