#pragma once
// Counting helpers for the admin pages over the storage interfaces (which have
// no aggregate queries): they page through the rows. Blocking; call from
// worker threads.
#include <cstdint>

#include "core/status.h"
#include "storage/store.h"

namespace deskd::admin {

struct PeopleCounts {
  int64_t users = 0;
  int64_t agents = 0;
  int64_t admins = 0;
  int64_t disabled = 0;
  int64_t enabled_admins = 0;
};

Result<PeopleCounts> count_people(storage::PeopleStore& people);
Result<int64_t> count_remember_tokens(storage::RememberStore& remember);

// The session row with this row_id, NotFound when it is gone.
Result<storage::SessionRecord> find_session_row(storage::SessionStore& sessions, int64_t row_id);
// The remember token with this id, NotFound when it is gone.
Result<storage::RememberToken> find_remember_token(storage::RememberStore& remember, int64_t id);

}  // namespace deskd::admin
