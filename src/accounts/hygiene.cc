#include "accounts/hygiene.h"

namespace deskd::accounts {

Result<size_t> end_other_sessions(pipeline::Services& svc, int64_t person_id, std::string_view keep_id_hash) {
  auto ended = svc.sessions.end_person_sessions(person_id, keep_id_hash);
  if (!ended.is_ok()) return ended.status();
  if (auto revoked = svc.remember.revoke_person(person_id); !revoked.is_ok()) return revoked.status();
  return *ended;
}

}  // namespace deskd::accounts
