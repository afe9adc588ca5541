#include "accounts/my_sessions.h"

#include <ctime>

#include "accounts/hygiene.h"
#include "accounts/user_agent.h"
#include "http/form.h"
#include "i18n/format.h"
#include "pipeline/audit.h"
#include "pipeline/render.h"
#include "session/remember.h"

namespace deskd::accounts {
namespace {

using pipeline::RequestContext;

// "10 August 2023, 14:05 UTC" in the page's language.
std::string when(const RequestContext& ctx, int64_t unix_ms) {
  const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char clock[16];
  std::snprintf(clock, sizeof clock, "%02d:%02d", tm.tm_hour, tm.tm_min);
  return i18n::format_date(ctx.lang, unix_ms) + ", " + clock + " UTC";
}

std::string browser(const RequestContext& ctx, std::string_view user_agent) {
  std::string summary = browser_summary(user_agent);
  return summary.empty() ? ctx.t("sessions.unknown_browser") : summary;
}

std::optional<int64_t> id_param(const RequestContext& ctx, std::string_view name) {
  return http::parse_positive_id(path_param(ctx, name));
}

// The selector of this browser's dpreme cookie, "" when none.
std::string own_selector(const RequestContext& ctx) {
  auto value = ctx.cookie(cookies::CookieId::kRememberMe, session::RememberMe::well_formed);
  return value ? std::string(value->substr(0, value->find('.'))) : std::string();
}

void render_list(RequestContext& ctx, const SessionsArea& where, std::string_view notice_key, int status) {
  const int64_t person_id = ctx.person->id;
  auto sessions = ctx.svc.storage.sessions().list_by_person(person_id);
  auto tokens = ctx.svc.storage.remember().list_by_person(person_id);
  if (!sessions.is_ok() || !tokens.is_ok()) {
    pipeline::render_status(ctx, sessions.is_ok() ? tokens.status() : sessions.status());
    return;
  }
  pipeline::Page page(ctx, "my_sessions.tpl", ctx.t("sessions.heading"));
  auto& b = page.body();
  const std::string csrf = ctx.csrf_token();
  b.SetValue("CSRF", csrf);
  b.SetValue("END_OTHERS_ACTION", where.base + "/sessions/end-others");
  if (!notice_key.empty()) b.SetValueAndShowSection("NOTICE_TEXT", ctx.t(notice_key), "NOTICE");
  const int64_t current_row = ctx.session ? ctx.session->row_id : 0;
  for (const auto& s : *sessions) {
    auto* row = b.AddSectionDictionary("SESSION");
    row->SetValue("CREATED", when(ctx, s.created_ms));
    row->SetValue("LAST_SEEN", when(ctx, s.row_id == current_row ? ctx.svc.clock.now_ms() : s.last_seen_ms));
    row->SetValue("IP", s.ip);
    row->SetValue("BROWSER", browser(ctx, s.user_agent));
    row->SetValue("INTERFACE",
                  ctx.t(std::string("sessions.interface.") + storage::session_interface_name(s.interface)));
    if (s.via_remember) row->ShowSection("VIA_REMEMBER");
    if (s.row_id == current_row) row->ShowSection("CURRENT");
    row->SetValue("END_ACTION", where.base + "/sessions/" + std::to_string(s.row_id) + "/end");
    row->SetValue("END_LABEL", ctx.t(s.row_id == current_row ? "sessions.sign_out" : "sessions.end"));
    row->SetValue("CSRF", csrf);
  }
  if (sessions->empty()) b.ShowSection("NO_SESSIONS");
  const std::string selector = own_selector(ctx);
  for (const auto& t : *tokens) {
    auto* row = b.AddSectionDictionary("REMEMBERED");
    row->SetValue("CREATED", when(ctx, t.created_ms));
    row->SetValue("LAST_USED", when(ctx, t.last_used_ms));
    row->SetValue("EXPIRES", when(ctx, t.expires_ms));
    row->SetValue("IP", t.ip);
    row->SetValue("BROWSER", browser(ctx, t.user_agent));
    if (!selector.empty() && t.selector == selector) row->ShowSection("CURRENT");
    row->SetValue("FORGET_ACTION", where.base + "/remembered/" + std::to_string(t.id) + "/forget");
    row->SetValue("CSRF", csrf);
  }
  if (tokens->empty()) b.ShowSection("NO_REMEMBERED");
  page.finish(status);
}

void show_list(RequestContext& ctx, const SessionsArea& where) {
  if (!require_sign_in(ctx, where.login)) return;
  render_list(ctx, where, {}, 200);
}

void end_session(RequestContext& ctx, const SessionsArea& where) {
  if (!require_sign_in(ctx, where.login)) return;
  auto row_id = id_param(ctx, "row_id");
  auto sessions = ctx.svc.storage.sessions().list_by_person(ctx.person->id);
  if (!sessions.is_ok()) {
    pipeline::render_status(ctx, sessions.status());
    return;
  }
  auto it = std::find_if(sessions->begin(), sessions->end(),
                         [&](const storage::SessionRecord& s) { return row_id && s.row_id == *row_id; });
  if (it == sessions->end()) {
    pipeline::render_error(ctx, 404);
    return;
  }
  const storage::Person person = *ctx.person;
  const std::string detail =
      std::string(storage::session_interface_name(it->interface)) + " session " + std::to_string(it->row_id);
  if (ctx.session && it->row_id == ctx.session->row_id) {
    if (Status s = ctx.sign_out(); !s.is_ok()) {
      pipeline::render_status(ctx, s);
      return;
    }
    pipeline::audit(ctx, "session_revoked", person.id, person.email, detail);
    ctx.redirect(where.login.base + "/login");
    return;
  }
  if (Status s = ctx.svc.sessions.end_by_row_id(it->row_id); !s.is_ok()) {
    pipeline::render_status(ctx, s);
    return;
  }
  pipeline::audit(ctx, "session_revoked", person.id, person.email, detail);
  ctx.flash("sessions.ended");
  ctx.redirect(where.base + "/sessions");
}

void forget_token(RequestContext& ctx, const SessionsArea& where) {
  if (!require_sign_in(ctx, where.login)) return;
  auto id = id_param(ctx, "id");
  auto tokens = ctx.svc.storage.remember().list_by_person(ctx.person->id);
  if (!tokens.is_ok()) {
    pipeline::render_status(ctx, tokens.status());
    return;
  }
  auto it =
      std::find_if(tokens->begin(), tokens->end(), [&](const storage::RememberToken& t) { return id && t.id == *id; });
  if (it == tokens->end()) {
    pipeline::render_error(ctx, 404);
    return;
  }
  Status s = ctx.svc.storage.remember().remove(it->id);
  if (!s.is_ok() && s.code() != Code::kNotFound) {
    pipeline::render_status(ctx, s);
    return;
  }
  if (it->selector == own_selector(ctx)) drop_remember_cookie(ctx);
  pipeline::audit(ctx, "remember_revoked", ctx.person->id, ctx.person->email,
                  "remembered device " + std::to_string(it->id));
  ctx.flash("sessions.forgotten");
  ctx.redirect(where.base + "/sessions");
}

void end_others(RequestContext& ctx, const SessionsArea& where) {
  if (!require_sign_in(ctx, where.login)) return;
  const int64_t person_id = ctx.person->id;
  auto ended = ctx.svc.sessions.end_person_sessions(person_id, ctx.session ? ctx.session->id_hash : "");
  if (!ended.is_ok()) {
    pipeline::render_status(ctx, ended.status());
    return;
  }
  // Remembered devices other than this browser are forgotten too.
  const std::string selector = own_selector(ctx);
  size_t forgotten = 0;
  if (auto tokens = ctx.svc.storage.remember().list_by_person(person_id); tokens.is_ok()) {
    for (const auto& t : *tokens) {
      if (t.selector == selector) continue;
      if (ctx.svc.storage.remember().remove(t.id).is_ok()) ++forgotten;
    }
  }
  pipeline::audit(ctx, "session_revoked", person_id, ctx.person->email,
                  "other sessions: " + std::to_string(*ended) + ", remembered devices: " + std::to_string(forgotten));
  ctx.flash("sessions.others_ended");
  ctx.redirect(where.base + "/sessions");
}

}  // namespace

void register_my_sessions_routes(pipeline::App& app, const SessionsArea& where) {
  const auto area = where.login.area;
  auto rerender = [where](RequestContext& ctx, std::string_view notice, int status) {
    if (!ctx.person) {
      pipeline::render_resubmit(ctx, notice);
      return;
    }
    render_list(ctx, where, notice, status);
  };
  app.get(area, where.base + "/sessions", [where](RequestContext& ctx) { show_list(ctx, where); });
  app.post(
      area, where.base + "/sessions/end-others", [where](RequestContext& ctx) { end_others(ctx, where); }, rerender);
  app.post(
      area, where.base + "/sessions/{row_id}/end", [where](RequestContext& ctx) { end_session(ctx, where); }, rerender);
  app.post(
      area, where.base + "/remembered/{id}/forget", [where](RequestContext& ctx) { forget_token(ctx, where); },
      rerender);
}

}  // namespace deskd::accounts
