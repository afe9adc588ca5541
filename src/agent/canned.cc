#include "agent/canned.h"

#include <spdlog/spdlog.h>

#include "accounts/fields.h"
#include "accounts/login.h"
#include "helpcenter/tickets.h"
#include "http/form.h"
#include "pipeline/audit.h"
#include "pipeline/render.h"

namespace deskd::agent {
namespace {

using pipeline::Area;
using pipeline::RequestContext;

const accounts::LoginArea kLogin{Area::kAgent, "/agent", "agent.login_heading"};
constexpr size_t kMaxTitleBytes = 200;

struct CannedView {
  std::string notice_key;
  bool is_error = false;
  bool typed_create = false;
  int64_t typed_id = 0;  // the reply whose edit form was posted
  int status = 200;
};

std::string typed(const RequestContext& ctx, std::string_view field, size_t max_bytes) {
  return std::string(ctx.form.get(field).substr(0, max_bytes));
}

void render_canned(RequestContext& ctx, const CannedView& view) {
  Result<std::vector<storage::CannedReply>> replies = ctx.svc.storage.desk().canned_for(ctx.person->id);
  if (!replies) return pipeline::render_status(ctx, replies.status());
  ctx.res = http::Response{};
  pipeline::Page page(ctx, "agent_canned.tpl", ctx.t("desk.canned.heading"));
  auto& b = page.body();
  if (!view.notice_key.empty()) {
    b.SetValueAndShowSection("ALERT_TEXT", ctx.t(view.notice_key), view.is_error ? "ERROR" : "NOTICE");
  }
  b.SetValue("CSRF", ctx.csrf_token());
  if (view.typed_create) {
    b.SetValue("NEW_TITLE", typed(ctx, "title", kMaxTitleBytes));
    b.SetValue("NEW_BODY", typed(ctx, "body", helpcenter::kMaxTicketMessage * 4));
    if (ctx.form.get("shared") == "1") b.ShowSection("NEW_SHARED");
  }
  if (replies->empty()) b.ShowSection("NONE");
  for (const auto& r : *replies) {
    auto* row = b.AddSectionDictionary("REPLY");
    row->SetIntValue("ID", r.id);
    const bool this_one = view.typed_id == r.id;
    row->SetValue("TITLE", this_one ? typed(ctx, "title", kMaxTitleBytes) : r.title);
    row->SetValue("BODY", this_one ? typed(ctx, "body", helpcenter::kMaxTicketMessage * 4) : r.body);
    row->SetValue("KIND", ctx.t(r.owner_id ? "desk.canned.personal" : "desk.canned.shared"));
    row->SetValue("UPDATE_ACTION", "/agent/canned/" + std::to_string(r.id));
    row->SetValue("DELETE_ACTION", "/agent/canned/" + std::to_string(r.id) + "/delete");
  }
  page.finish(view.status);
}

void show_canned(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  render_canned(ctx, {});
}

// "" or the catalog key of what is wrong with the posted title and body.
std::string_view input_problem(const RequestContext& ctx) {
  const std::string title = accounts::trimmed(ctx.form.get("title"));
  if (title.empty() || title.size() > kMaxTitleBytes || !http::valid_utf8(title)) return "desk.canned.error_title";
  if (!helpcenter::ticket_message_problem(ctx.form.get("body")).empty()) return "desk.canned.error_body";
  return {};
}

// The {id} reply if this agent may change it; answers 404 itself otherwise.
std::optional<storage::CannedReply> editable(RequestContext& ctx) {
  const auto it = ctx.params.find("id");
  std::optional<int64_t> id = it == ctx.params.end() ? std::nullopt : http::parse_positive_id(it->second, 18);
  Result<storage::CannedReply> r =
      id ? ctx.svc.storage.desk().find_canned(*id) : Result<storage::CannedReply>(not_found("bad id"));
  if (r.is_ok() && r->owner_id && *r->owner_id != ctx.person->id) r = not_found("another agent's reply");
  if (!r) {
    pipeline::render_status(ctx, r.status());
    return std::nullopt;
  }
  return std::move(*r);
}

void audit_shared(RequestContext& ctx, std::string_view event, const std::optional<int64_t>& owner,
                  std::string_view title) {
  if (!owner) pipeline::audit(ctx, event, ctx.person->id, ctx.person->email, title);
}

void create(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  if (std::string_view problem = input_problem(ctx); !problem.empty()) {
    return render_canned(ctx, {std::string(problem), true, true, 0, 400});
  }
  const std::optional<int64_t> owner =
      ctx.form.get("shared") == "1" ? std::nullopt : std::optional<int64_t>(ctx.person->id);
  Result<storage::CannedReply> r = ctx.svc.storage.desk().create_canned(
      owner, accounts::trimmed(ctx.form.get("title")), helpcenter::normalized_message(ctx.form.get("body")),
      ctx.svc.clock.now_ms());
  if (!r) return pipeline::render_status(ctx, r.status());
  audit_shared(ctx, "canned_created", owner, r->title);
  ctx.flash("desk.canned.flash_saved");
  ctx.redirect("/agent/canned");
}

void update(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  auto r = editable(ctx);
  if (!r) return;
  if (std::string_view problem = input_problem(ctx); !problem.empty()) {
    return render_canned(ctx, {std::string(problem), true, false, r->id, 400});
  }
  const std::string title = accounts::trimmed(ctx.form.get("title"));
  if (Status s = ctx.svc.storage.desk().update_canned(
          r->id, title, helpcenter::normalized_message(ctx.form.get("body")), ctx.svc.clock.now_ms());
      !s.is_ok()) {
    return pipeline::render_status(ctx, s);
  }
  audit_shared(ctx, "canned_updated", r->owner_id, title);
  ctx.flash("desk.canned.flash_saved");
  ctx.redirect("/agent/canned");
}

void remove(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  auto r = editable(ctx);
  if (!r) return;
  if (Status s = ctx.svc.storage.desk().delete_canned(r->id); !s.is_ok()) return pipeline::render_status(ctx, s);
  audit_shared(ctx, "canned_deleted", r->owner_id, r->title);
  ctx.flash("desk.canned.flash_deleted");
  ctx.redirect("/agent/canned");
}

void rerender(RequestContext& ctx, std::string_view notice_key, int status) {
  if (!ctx.signed_in()) return pipeline::render_resubmit(ctx, notice_key);
  const auto it = ctx.params.find("id");
  const int64_t id = it == ctx.params.end() ? 0 : http::parse_positive_id(it->second, 18).value_or(0);
  render_canned(ctx, {std::string(notice_key), true, id == 0, id, status});
}

}  // namespace

std::string fill_canned(std::string_view body, std::string_view requester_name, std::string_view ticket_ref,
                        std::string_view agent_name) {
  static constexpr std::pair<std::string_view, int> kPlaceholders[] = {
      {"{{requester.name}}", 0}, {"{{ticket.ref}}", 1}, {"{{agent.name}}", 2}};
  const std::string_view values[] = {requester_name, ticket_ref, agent_name};
  std::string out;
  out.reserve(body.size());
  size_t i = 0;
  while (i < body.size()) {
    bool replaced = false;
    for (const auto& [name, index] : kPlaceholders) {
      if (body.substr(i, name.size()) == name) {
        out += values[index];
        i += name.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += body[i++];
  }
  return out;
}

std::vector<storage::CannedReply> usable_canned(RequestContext& ctx) {
  Result<std::vector<storage::CannedReply>> r = ctx.svc.storage.desk().canned_for(ctx.person->id);
  if (!r) {
    spdlog::warn("canned replies not shown: {}", r.status().to_string());
    return {};
  }
  return std::move(*r);
}

std::string agent_display_name(const RequestContext& ctx) {
  return ctx.person->name.empty() ? ctx.person->email : ctx.person->name;
}

void register_canned_routes(pipeline::App& app) {
  app.get(Area::kAgent, "/agent/canned", show_canned);
  app.post(Area::kAgent, "/agent/canned", create, rerender);
  app.post(Area::kAgent, "/agent/canned/{id}", update, rerender);
  app.post(Area::kAgent, "/agent/canned/{id}/delete", remove, rerender);
}

}  // namespace deskd::agent
