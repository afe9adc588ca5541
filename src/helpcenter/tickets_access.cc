#include "helpcenter/tickets_access.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace deskd::helpcenter {
namespace {

using nlohmann::json;

constexpr const char* kKey = "tickets";

std::vector<std::string> refs_in(const json& data) {
  std::vector<std::string> refs;
  if (!data.is_object() || !data.contains(kKey) || !data[kKey].is_array()) return refs;
  for (const auto& item : data[kKey]) {
    if (item.is_string()) refs.push_back(item.get<std::string>());
  }
  return refs;
}

}  // namespace

std::vector<std::string> granted_ticket_refs(const pipeline::RequestContext& ctx) {
  if (!ctx.session) return {};
  return refs_in(json::parse(ctx.session->data, nullptr, false));
}

Status grant_ticket(pipeline::RequestContext& ctx, std::string_view ref) {
  Result<session::Session*> s = ctx.ensure_session();
  if (!s) return s.status();
  json data = json::parse((*s)->data, nullptr, false);
  if (!data.is_object()) data = json::object();
  std::vector<std::string> refs = refs_in(data);
  std::erase(refs, ref);
  refs.emplace_back(ref);
  if (refs.size() > kMaxGrantedTickets) refs.erase(refs.begin(), refs.end() - kMaxGrantedTickets);
  data[kKey] = refs;
  (*s)->data = data.dump();
  return ctx.svc.sessions.save_data(**s);
}

bool may_view_ticket(const pipeline::RequestContext& ctx, const storage::Ticket& ticket) {
  if (ctx.person && ticket.person_id && *ticket.person_id == ctx.person->id) return true;
  const std::vector<std::string> refs = granted_ticket_refs(ctx);
  return std::find(refs.begin(), refs.end(), ticket.ref) != refs.end();
}

}  // namespace deskd::helpcenter
