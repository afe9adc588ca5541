#include "admin/sessions_page.h"

#include <map>

#include "accounts/hygiene.h"
#include "admin/counts.h"
#include "admin/paging.h"
#include "admin/shell.h"
#include "admin/when.h"
#include "pipeline/audit.h"
#include "pipeline/render.h"

namespace deskd::admin {
namespace {

using pipeline::RequestContext;

constexpr int kMaxSessionsPage = 100'000;
constexpr size_t kBrowserChars = 120;
constexpr const char* kHome = "/admin/sessions";

// E-mail addresses of people by id, read once per page.
class PeopleNames {
 public:
  explicit PeopleNames(RequestContext& ctx) : ctx_(ctx) {}
  std::string operator()(int64_t id) {
    if (id == 0) return ctx_.t("admin.sessions.anonymous");
    auto [it, fresh] = cache_.try_emplace(id);
    if (fresh) {
      auto p = ctx_.svc.storage.people().find_by_id(id);
      it->second = p.is_ok() ? p->email : "#" + std::to_string(id);
    }
    return it->second;
  }

 private:
  RequestContext& ctx_;
  std::map<int64_t, std::string> cache_;
};

std::string browser_text(std::string_view ua) {
  if (ua.size() <= kBrowserChars) return std::string(ua);
  size_t cut = kBrowserChars;
  while (cut > 0 && (static_cast<unsigned char>(ua[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
  return std::string(ua.substr(0, cut)) + "…";
}

void render_sessions(RequestContext& ctx, std::string_view notice, int status) {
  const bool get = ctx.req.method != "POST";
  const PageRequest page = get ? parse_page(ctx.query.get("page"), kMaxSessionsPage) : PageRequest{};
  const PageRequest rpage = get ? parse_page(ctx.query.get("rpage"), kMaxSessionsPage) : PageRequest{};
  auto sessions = ctx.svc.storage.sessions().list_all(kPerPage + 1, page.offset());
  if (!sessions.is_ok()) return pipeline::render_status(ctx, sessions.status());
  auto tokens = ctx.svc.storage.remember().list_all(kPerPage + 1, rpage.offset());
  if (!tokens.is_ok()) return pipeline::render_status(ctx, tokens.status());
  const bool more_sessions = sessions->size() > static_cast<size_t>(kPerPage);
  const bool more_tokens = tokens->size() > static_cast<size_t>(kPerPage);
  if (more_sessions) sessions->pop_back();
  if (more_tokens) tokens->pop_back();

  ctx.res = http::Response{};
  pipeline::Page html(ctx, "admin_sessions.tpl", ctx.t("admin.sessions.heading"));
  auto& b = html.body();
  add_nav(b, ctx, Section::kSessions);
  if (page.malformed || rpage.malformed) add_notice(b, ctx, "admin.pager.bad_page");
  if (!notice.empty()) b.SetValueAndShowSection("ALERT_TEXT", std::string(notice), "ERROR");
  PeopleNames names(ctx);
  const std::string yes = ctx.t("admin.settings.yes");
  const std::string no = ctx.t("admin.settings.no");
  for (const auto& s : *sessions) {
    auto* row = b.AddSectionDictionary("SESSION");
    row->SetValue("PERSON", names(s.person_id));
    row->SetValue("INTERFACE",
                  ctx.t(std::string("admin.sessions.interface_") + storage::session_interface_name(s.interface)));
    row->SetValue("CREATED", format_when(ctx.lang, s.created_ms));
    row->SetValue("LAST_SEEN", format_when(ctx.lang, s.last_seen_ms));
    row->SetValue("IP", s.ip);
    row->SetValue("BROWSER", browser_text(s.user_agent));
    row->SetValue("FULL_BROWSER", s.user_agent);
    row->SetValue("VIA_REMEMBER", s.via_remember ? yes : no);
    if (ctx.session && ctx.session->row_id == s.row_id) row->ShowSection("CURRENT");
    row->SetValue("REVOKE_ACTION", "/admin/sessions/" + std::to_string(s.row_id) + "/revoke");
    row->SetValue("CSRF", ctx.csrf_token());
    if (s.person_id != 0) {
      auto* all = row->AddSectionDictionary("REVOKE_ALL");
      all->SetValue("ACTION", "/admin/people/" + std::to_string(s.person_id) + "/sessions/revoke-all");
      all->SetValue("CSRF", ctx.csrf_token());
    }
  }
  for (const auto& t : *tokens) {
    auto* row = b.AddSectionDictionary("TOKEN");
    row->SetValue("PERSON", names(t.person_id));
    row->SetValue("AUDIENCE",
                  ctx.t(std::string("admin.sessions.audience_") + storage::remember_audience_name(t.audience)));
    row->SetValue("CREATED", format_when(ctx.lang, t.created_ms));
    row->SetValue("LAST_USED", format_when(ctx.lang, t.last_used_ms));
    row->SetValue("EXPIRES", format_when(ctx.lang, t.expires_ms));
    row->SetValue("IP", t.ip);
    row->SetValue("BROWSER", browser_text(t.user_agent));
    row->SetValue("FULL_BROWSER", t.user_agent);
    row->SetValue("REVOKE_ACTION", "/admin/remembered/" + std::to_string(t.id) + "/revoke");
    row->SetValue("CSRF", ctx.csrf_token());
  }
  const std::string page_text = std::to_string(page.number);
  const std::string rpage_text = std::to_string(rpage.number);
  add_pager(b, ctx, kHome, {{"rpage", rpage.number > 1 ? rpage_text : ""}}, "page", page.number, more_sessions,
            "SESSIONS_PAGER");
  add_pager(b, ctx, kHome, {{"page", page.number > 1 ? page_text : ""}}, "rpage", rpage.number, more_tokens,
            "TOKENS_PAGER");
  html.finish(status);
}

void show_sessions(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  render_sessions(ctx, {}, 200);
}

void rerender_sessions(RequestContext& ctx, std::string_view notice_key, int status) {
  if (!signed_in_admin(ctx)) return pipeline::render_resubmit(ctx, notice_key);
  render_sessions(ctx, ctx.t(notice_key), status);
}

std::string back_to(const RequestContext& ctx) {
  std::string target = pipeline::safe_return_to(ctx.form.get("return_to"), kHome);
  return target.starts_with("/admin/") ? target : std::string(kHome);
}

std::string email_of(RequestContext& ctx, int64_t person_id) {
  if (person_id == 0) return {};
  auto p = ctx.svc.storage.people().find_by_id(person_id);
  return p.is_ok() ? p->email : std::string();
}

void revoke_session(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  auto row_id = id_param(ctx, "row_id");
  if (!row_id) return pipeline::render_error(ctx, 404);
  auto row = find_session_row(ctx.svc.storage.sessions(), *row_id);
  if (row.status().code() == Code::kNotFound) {
    ctx.flash("admin.flash.already_ended");
    return ctx.redirect(back_to(ctx));
  }
  if (!row.is_ok()) return pipeline::render_status(ctx, row.status());
  const bool own = ctx.session && ctx.session->row_id == row->row_id;
  const std::string admin_email = ctx.person->email;
  Status ended = own ? ctx.sign_out() : ctx.svc.sessions.end_by_row_id(row->row_id);
  if (!ended.is_ok()) return pipeline::render_status(ctx, ended);
  pipeline::audit(ctx, "session_revoked", row->person_id, email_of(ctx, row->person_id),
                  std::string(storage::session_interface_name(row->interface)) + " session; by " + admin_email);
  if (own) return ctx.redirect("/admin/login");
  ctx.flash("admin.flash.session_revoked");
  ctx.redirect(back_to(ctx));
}

void revoke_remembered(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  auto id = id_param(ctx, "id");
  if (!id) return pipeline::render_error(ctx, 404);
  auto token = find_remember_token(ctx.svc.storage.remember(), *id);
  if (token.status().code() == Code::kNotFound) {
    ctx.flash("admin.flash.already_ended");
    return ctx.redirect(back_to(ctx));
  }
  if (!token.is_ok()) return pipeline::render_status(ctx, token.status());
  Status removed = ctx.svc.storage.remember().remove(token->id);
  if (!removed.is_ok() && removed.code() != Code::kNotFound) return pipeline::render_status(ctx, removed);
  pipeline::audit(ctx, "remember_revoked", token->person_id, email_of(ctx, token->person_id),
                  std::string(storage::remember_audience_name(token->audience)) + " token; by " + ctx.person->email);
  ctx.flash("admin.flash.remember_revoked");
  ctx.redirect(back_to(ctx));
}

void revoke_all(RequestContext& ctx) {
  if (!require_admin(ctx)) return;
  auto id = id_param(ctx, "id");
  if (!id) return pipeline::render_error(ctx, 404);
  auto person = ctx.svc.storage.people().find_by_id(*id);
  if (!person.is_ok()) return pipeline::render_status(ctx, person.status());
  const bool self = ctx.person->id == person->id && ctx.session;
  auto ended = accounts::end_other_sessions(ctx.svc, person->id, self ? ctx.session->id_hash : std::string());
  if (!ended.is_ok()) return pipeline::render_status(ctx, ended.status());
  pipeline::audit(ctx, "session_revoked", person->id, person->email,
                  "all " + std::to_string(*ended) + " sessions and remembered devices; by " + ctx.person->email);
  ctx.flash("admin.flash.sessions_revoked");
  ctx.redirect(back_to(ctx));
}

}  // namespace

void register_sessions(pipeline::App& app) {
  using pipeline::Area;
  app.get(Area::kAdmin, "/admin/sessions", show_sessions);
  app.post(Area::kAdmin, "/admin/sessions/{row_id}/revoke", revoke_session, rerender_sessions);
  app.post(Area::kAdmin, "/admin/remembered/{id}/revoke", revoke_remembered, rerender_sessions);
  app.post(Area::kAdmin, "/admin/people/{id}/sessions/revoke-all", revoke_all, rerender_sessions);
}

}  // namespace deskd::admin
