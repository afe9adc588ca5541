#include "session/remember.h"

#include "core/crypto.h"
#include "core/degraded.h"

namespace deskd::session {
namespace {

constexpr size_t kSelectorChars = 16;
constexpr size_t kValidatorChars = 43;

struct Parts {
  std::string_view selector;
  std::string_view validator;
};

std::optional<Parts> split(std::string_view cookie) {
  if (!RememberMe::well_formed(cookie)) return std::nullopt;
  return Parts{cookie.substr(0, kSelectorChars), cookie.substr(kSelectorChars + 1)};
}

// Whether `presented` (a hash_hex) is one of the token's retired validators;
// every one is compared, in constant time.
bool retired(const storage::RememberToken& t, std::string_view presented) {
  constexpr size_t kHash = storage::kValidatorHashChars;
  bool found = false;
  const std::string_view all = t.retired_validator_hashes;
  for (size_t at = 0; at + kHash <= all.size(); at += kHash)
    found |= constant_time_equal(presented, all.substr(at, kHash));
  return found;
}

int64_t remaining_s(const storage::RememberToken& t, int64_t now) {
  return std::max<int64_t>(0, (t.expires_ms - now) / 1000);
}

}  // namespace

RememberMe::RememberMe(storage::RememberStore& store, const Clock& clock, Random& random, int64_t grace_ms)
    : store_(store), clock_(clock), random_(random), grace_ms_(grace_ms) {}

bool RememberMe::well_formed(std::string_view v) {
  return v.size() == kSelectorChars + 1 + kValidatorChars && v[kSelectorChars] == '.' &&
         is_base64url(v.substr(0, kSelectorChars)) && is_base64url(v.substr(kSelectorChars + 1));
}

Result<std::string> RememberMe::issue(int64_t person_id, storage::RememberAudience audience, int64_t lifetime_days,
                                      std::string_view ip, std::string_view user_agent) {
  const int64_t now = clock_.now_ms();
  storage::RememberToken t;
  t.selector = random_.token(kSelectorBytes);
  const std::string validator = random_.token(kValidatorBytes);
  t.validator_hash = hash_hex(validator);
  t.person_id = person_id;
  t.audience = audience;
  t.created_ms = t.last_used_ms = now;
  t.expires_ms = now + lifetime_days * 86'400'000;
  t.ip = std::string(ip.substr(0, 64));
  t.user_agent = std::string(user_agent.substr(0, 256));
  if (Status s = store_.insert(t); !s.is_ok()) return s;
  return t.selector + "." + validator;
}

RememberResult RememberMe::consume(std::string_view cookie_value,
                                   const std::function<bool(storage::RememberAudience audience)>& admits) {
  RememberResult result;
  auto parts = split(cookie_value);
  if (!parts) return result;
  auto token = store_.find_by_selector(parts->selector);
  if (!token.is_ok()) return result;
  if (admits && !admits(token->audience)) {
    result.outcome = RememberOutcome::kElsewhere;
    return result;
  }
  const int64_t now = clock_.now_ms();
  if (now >= token->expires_ms) {
    // Refused either way; a row that could not be deleted is logged and counted.
    if (Status s = store_.remove(token->id); s.code() != Code::kNotFound)
      ok_or_degraded(Degraded::kRememberRevokeFailed, s, "deleting an expired remember token");
    return result;
  }
  const std::string presented = hash_hex(parts->validator);
  result.person_id = token->person_id;
  result.audience = token->audience;
  result.max_age_s = remaining_s(*token, now);
  auto within_grace = [&](const storage::RememberToken& t) {
    return !t.previous_validator_hash.empty() && constant_time_equal(presented, t.previous_validator_hash) &&
           now - t.rotated_ms <= grace_ms_;
  };

  if (constant_time_equal(presented, token->validator_hash)) {
    const std::string validator = random_.token(kValidatorBytes);
    Status s = store_.rotate(token->id, presented, hash_hex(validator), now);
    if (s.is_ok()) {
      result.outcome = RememberOutcome::kSignedIn;
      result.new_cookie = token->selector + "." + validator;
      return result;
    }
    // A parallel request rotated first: fine within the grace window.
    auto fresh = store_.find_by_selector(parts->selector);
    if (fresh.is_ok() && within_grace(*fresh)) result.outcome = RememberOutcome::kSignedIn;
    return result;
  }
  if (!token->previous_validator_hash.empty() && constant_time_equal(presented, token->previous_validator_hash)) {
    result.outcome = within_grace(*token) ? RememberOutcome::kSignedIn : RememberOutcome::kTheft;
  } else if (retired(*token, presented)) {
    // Older still: never a sign-in. Right after a rotation it may be a very
    // late request of the owner's own, so only a replay after the window is theft.
    result.outcome = now - token->rotated_ms <= grace_ms_ ? RememberOutcome::kInvalid : RememberOutcome::kTheft;
  }
  return result;
}

Status RememberMe::revoke(std::string_view cookie_value) {
  auto parts = split(cookie_value);
  if (!parts) return Status::ok();
  auto token = store_.find_by_selector(parts->selector);
  if (!token.is_ok()) return Status::ok();
  // Only the holder of a current (or just-rotated) validator may revoke.
  const std::string presented = hash_hex(parts->validator);
  if (!constant_time_equal(presented, token->validator_hash) &&
      !(token->previous_validator_hash.size() && constant_time_equal(presented, token->previous_validator_hash)))
    return Status::ok();
  Status s = store_.remove(token->id);
  return s.code() == Code::kNotFound ? Status::ok() : s;
}

Result<size_t> RememberMe::revoke_person(int64_t person_id) {
  return store_.remove_by_person(person_id);
}

}  // namespace deskd::session
