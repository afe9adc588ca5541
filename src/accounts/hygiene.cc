#include "accounts/hygiene.h"

namespace deskd::accounts {

Result<size_t> end_other_sessions(pipeline::Services& svc, int64_t person_id, std::string_view keep_id_hash) {
  auto ended = svc.sessions.end_person_sessions(person_id, keep_id_hash);
  if (!ended.is_ok()) return ended.status();
  if (auto revoked = svc.remember.revoke_person(person_id); !revoked.is_ok()) return revoked.status();
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
