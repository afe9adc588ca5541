#pragma once
// Remember Me (SPEC §1.2): split tokens "selector.validator" in the dpreme
// cookie. The store keeps the selector and hashes of the current and previous
// validator; the validator is compared in constant time outside the query and
// rotated (same selector) on every use.
//
// Rotation is a compare-and-swap, so two parallel requests carrying the same
// cookie never both rotate; the loser, and any request presenting the
// just-rotated-away validator within the grace window, is let in without a
// new cookie (the winner's response carries it). A rotated-away validator
// (the previous one or any of the storage::kRetiredValidatorsKept before it)
// presented after the grace window means the cookie was copied: kTheft.
//
// Thread-safe; every call touches the store, so call from worker threads.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/random.h"
#include "core/status.h"
#include "storage/store.h"

namespace deskd::session {

// kElsewhere: a valid-looking token whose audience this interface does not take
// (a user's token met on /agent); it was not checked, rotated or changed.
enum class RememberOutcome { kInvalid, kSignedIn, kTheft, kElsewhere };

struct RememberResult {
  RememberOutcome outcome = RememberOutcome::kInvalid;
  int64_t person_id = 0;
  storage::RememberAudience audience = storage::RememberAudience::kUser;
  std::optional<std::string> new_cookie;  // rotated value to send back; nullopt in a grace-window race
  int64_t max_age_s = 0;                  // remaining server-side lifetime for the cookie
};

class RememberMe {
 public:
  static constexpr int64_t kDefaultGraceMs = 60'000;
  static constexpr size_t kSelectorBytes = 12;   // 96 bits -> 16 chars
  static constexpr size_t kValidatorBytes = 32;  // 256 bits -> 43 chars

  RememberMe(storage::RememberStore& store, const Clock& clock, Random& random, int64_t grace_ms = kDefaultGraceMs);

  // True for values shaped like "<16 base64url>.<43 base64url>".
  static bool well_formed(std::string_view cookie_value);

  // A new token for the person; returns the cookie value.
  Result<std::string> issue(int64_t person_id, storage::RememberAudience audience, int64_t lifetime_days,
                            std::string_view ip, std::string_view user_agent);
  // Signs in with the token when `admits` (null = every audience) accepts its
  // audience; a token for another audience is left untouched (kElsewhere).
  RememberResult consume(std::string_view cookie_value,
                         const std::function<bool(storage::RememberAudience audience)>& admits = nullptr);
  // Deletes the token named by the cookie (logout). Unknown values are ignored.
  Status revoke(std::string_view cookie_value);
  Result<size_t> revoke_person(int64_t person_id);

 private:
  storage::RememberStore& store_;
  const Clock& clock_;
  Random& random_;
  int64_t grace_ms_;
};

}  // namespace deskd::session
