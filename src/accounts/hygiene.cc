#include "accounts/hygiene.h"

#include <string>

#include "core/degraded.h"

namespace deskd::accounts {

Result<size_t> end_other_sessions(pipeline::Services& svc, int64_t person_id, std::string_view keep_id_hash) {
  // Both steps run even when the first fails: a session that could not be ended
  // is no reason to leave the remember tokens alive too.
  auto ended = svc.sessions.end_person_sessions(person_id, keep_id_hash);
  ok_or_degraded(Degraded::kSessionEndFailed, ended.status(),
                 "ending the sessions of person " + std::to_string(person_id));
  auto revoked = svc.remember.revoke_person(person_id);
  ok_or_degraded(Degraded::kRememberRevokeFailed, revoked.status(),
                 "revoking the remember tokens of person " + std::to_string(person_id));
  if (!ended.is_ok()) return ended.status();
  if (!revoked.is_ok()) return revoked.status();
  return *ended;
}

void drop_remember_cookie(pipeline::RequestContext& ctx) {
  if (ctx.cookies.present(ctx.cookie_wire_name(cookies::CookieId::kRememberMe)))
    ctx.jar.clear(cookies::CookieId::kRememberMe);
}

std::string_view path_param(const pipeline::RequestContext& ctx, std::string_view name) {
  auto it = ctx.params.find(name);
  return it == ctx.params.end() ? std::string_view() : std::string_view(it->second);
}

}  // namespace deskd::accounts
