// /api/v1/people: look a person up by e-mail (?email=) or id. Never returns
// password hashes or sessions.
#include "api/routes.h"

#include "accounts/fields.h"
#include "api/body.h"
#include "api/common.h"
#include "http/form.h"
#include "pipeline/json_answer.h"

namespace deskd::api {
namespace {

using pipeline::answer_api_error;
using pipeline::RequestContext;

json person_json(const storage::Person& p) {
  return {{"id", p.id},
          {"email", p.email},
          {"name", p.name},
          {"role", storage::role_name(p.role)},
          {"language", p.language.empty() ? json(nullptr) : json(p.language)},
          {"disabled", p.disabled},
          {"created_at", timestamp(p.created_ms)}};
}

void answer_person(RequestContext& ctx, const Result<storage::Person>& person) {
  if (person) return pipeline::answer_json(ctx, 200, person_json(*person));
  if (person.status().code() == Code::kNotFound) return answer_api_error(ctx, 404, "no such person");
  pipeline::render_status(ctx, person.status());
}

// GET /api/v1/people?email=E
void lookup(RequestContext& ctx) {
  if (!ctx.query.has("email")) return answer_api_error(ctx, 400, "give ?email= (or use /api/v1/people/{id})");
  const std::string email = accounts::normalized_email(ctx.query.get("email"));
  if (!accounts::valid_email(email)) return answer_api_error(ctx, 400, "email is not a valid address");
  answer_person(ctx, ctx.svc.storage.people().find_by_email(email));
}

void by_id(RequestContext& ctx) {
  auto id = http::parse_positive_id(param(ctx, "id"), 15);
  if (!id) return answer_api_error(ctx, 404, "no such person");
  answer_person(ctx, ctx.svc.storage.people().find_by_id(*id));
}

}  // namespace

void register_people_routes(pipeline::App& app) {
  add_route(app, "GET", "/api/v1/people", storage::ApiScope::kPeopleRead, lookup);
  add_route(app, "GET", "/api/v1/people/{id}", storage::ApiScope::kPeopleRead, by_id);
}

}  // namespace deskd::api
