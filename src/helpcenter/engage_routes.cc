#include "helpcenter/engage_routes.h"

#include <nlohmann/json.hpp>

#include "accounts/fields.h"
#include "helpcenter/engage_common.h"
#include "pipeline/rate_limited.h"
#include "pipeline/remember_login.h"
#include "pipeline/render.h"

namespace deskd::helpcenter {
namespace {

using pipeline::Area;
using pipeline::RequestContext;

std::string_view param(const RequestContext& ctx, std::string_view name) {
  auto it = ctx.params.find(name);
  return it == ctx.params.end() ? std::string_view() : std::string_view(it->second);
}

bool wants_json(const RequestContext& ctx) {
  return ctx.req.header("Accept").find("application/json") != std::string_view::npos;
}

// 429 for a vote over the per-address limit (`notice` says how long to
// wait): JSON to a client that asked for it, else the error page. Keeps the
// Retry-After that refused_by set.
void answer_vote_refused(RequestContext& ctx, const std::string& notice) {
  const std::string retry_after(ctx.res.header("Retry-After"));
  if (wants_json(ctx)) {
    ctx.res.status = 429;
    ctx.res.set_header("Content-Type", "application/json");
    ctx.res.body = nlohmann::json{{"error", notice}}.dump();
    return;
  }
  pipeline::render_error_text(ctx, 429, notice);
  ctx.res.set_header("Retry-After", retry_after);
}

void vote(RequestContext& ctx) {
  auto article = published_article(ctx, param(ctx, "id"));
  if (!article.is_ok()) {
    pipeline::render_status(ctx, article.status());
    return;
  }
  const std::string_view choice = ctx.form.get("value");
  const int value = choice == "up" ? 1 : choice == "down" ? -1 : 0;
  if (value == 0) {
    pipeline::render_error(ctx, 400, "engage.votes.invalid");
    return;
  }
  auto key = actor_key(ctx);
  if (!key.is_ok()) {
    pipeline::render_status(ctx, key.status());
    return;
  }
  // Only votes that would be stored count: a visitor without cookies is a new
  // voter on every post, so this is what bounds one address's ballots.
  if (auto refused = pipeline::refused_by(ctx, ctx.svc.rate_limits.votes)) {
    answer_vote_refused(ctx, *refused);
    return;
  }
  auto counts = ctx.svc.storage.feedback().cast_vote(article->id, *key, value, ctx.person ? ctx.person->id : 0);
  if (!counts.is_ok()) {
    pipeline::render_status(ctx, counts.status());
    return;
  }
  if (wants_json(ctx)) {
    nlohmann::json answer = {{"up", counts->up}, {"down", counts->down}, {"mine", value == 1 ? "up" : "down"}};
    ctx.res.status = 200;
    ctx.res.set_header("Content-Type", "application/json");
    ctx.res.body = answer.dump();
    return;
  }
  ctx.redirect(engage_article_url(ctx, *article) + "#votes");
}

// The comment form on a page of its own, for a post that needs correcting.
void render_comment_page(RequestContext& ctx, const storage::KbArticle& article, std::string_view notice_key,
                         const std::vector<std::string>& errors, int status) {
  const std::string title = engage_article_title(ctx, article);
  pipeline::Page page(ctx, "engage_comment_page.tpl",
                      ctx.svc.catalogs.format(ctx.lang, "engage.comments.page_heading", {{"title", title}}));
  auto& b = page.body();
  b.SetValue("HEADING", ctx.svc.catalogs.format(ctx.lang, "engage.comments.page_heading", {{"title", title}}));
  b.SetValue("ARTICLE_URL", engage_article_url(ctx, article));
  auto* form = b.AddIncludeDictionary("FORM");
  form->SetFilename("engage_comment_form.tpl");
  fill_comment_form(ctx, page, *form, article.id, notice_key, errors);
  page.finish(status);
}

std::string normalized_body(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\r') {
      out += '\n';
      if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
    } else {
      out += raw[i];
    }
  }
  return accounts::trimmed(out);
}

void comment(RequestContext& ctx) {
  auto article = published_article(ctx, param(ctx, "id"));
  if (!article.is_ok()) {
    pipeline::render_status(ctx, article.status());
    return;
  }
  storage::Comment c;
  c.article_id = article->id;
  c.body = normalized_body(ctx.form.get("body"));
  c.lang = ctx.lang;
  c.created_ms = ctx.svc.clock.now_ms();
  std::vector<std::string> errors;
  if (c.body.empty()) {
    errors.push_back(ctx.t("engage.comments.error.body_empty"));
  } else if (accounts::utf8_length(c.body) > kMaxCommentChars) {
    errors.push_back(ctx.svc.catalogs.format(ctx.lang, "engage.comments.error.body_long",
                                             {{"max", std::to_string(kMaxCommentChars)}}));
  }
  if (ctx.person) {
    c.person_id = ctx.person->id;
    c.name = ctx.person->name.empty() ? ctx.person->email.substr(0, ctx.person->email.find('@')) : ctx.person->name;
    c.email = ctx.person->email;
  } else {
    c.name = accounts::trimmed(ctx.form.get("name"));
    c.email = accounts::normalized_email(ctx.form.get("email"));
    if (c.name.empty() || accounts::utf8_length(c.name) > kMaxCommenterName)
      errors.push_back(ctx.svc.catalogs.format(ctx.lang, "engage.comments.error.name",
                                               {{"max", std::to_string(kMaxCommenterName)}}));
    if (!accounts::valid_email(c.email)) errors.push_back(ctx.t("engage.comments.error.email"));
  }
  if (!errors.empty()) {
    render_comment_page(ctx, *article, {}, errors, 400);
    return;
  }
  auto key = actor_key(ctx);
  if (!key.is_ok()) {
    pipeline::render_status(ctx, key.status());
    return;
  }
  c.voter = *key;
  // Only comments that would be stored count. Each one waits for moderation
  // and is held in memory for its article's pages until an agent acts on it.
  if (auto refused = pipeline::refused_by(ctx, ctx.svc.rate_limits.comments)) {
    render_comment_page(ctx, *article, {}, {*refused}, 429);
    return;
  }
  if (Status s = ctx.svc.storage.feedback().add_comment(c); !s.is_ok()) {
    pipeline::render_status(ctx, s);
    return;
  }
  ctx.redirect(engage_article_url(ctx, *article) + "#comments");
}

void rerender_comment(RequestContext& ctx, std::string_view notice_key, int status) {
  auto article = published_article(ctx, param(ctx, "id"));
  if (!article.is_ok()) {
    pipeline::render_resubmit(ctx, notice_key);
    return;
  }
  render_comment_page(ctx, *article, notice_key, {}, status);
}

// SPEC §1.3, §13: only in consent mode; "essential" (declining, or withdrawing
// an earlier acceptance) deletes the optional cookies this browser holds —
// the visitor token, the Messenger loader cache — and revokes a remembered login.
void consent(RequestContext& ctx) {
  const std::string_view choice = ctx.form.get("choice");
  if (choice != "all" && choice != "essential") {
    pipeline::render_error(ctx, 400, "engage.consent.invalid");
    return;
  }
  const std::string back = pipeline::safe_return_to(ctx.form.get("return_to"), "/");
  if (ctx.settings->optional_cookies != OptionalCookies::kConsent) {
    ctx.redirect(back);
    return;
  }
  ctx.jar.set(cookies::CookieId::kConsent, std::string(choice));
  if (choice == "essential") {
    cookies::JarPolicy policy = ctx.jar.policy();
    policy.optional_allowed = false;
    ctx.jar.set_policy(policy);
    pipeline::forget_remembered(ctx);
    for (cookies::CookieId id :
         {cookies::CookieId::kVisitor, cookies::CookieId::kLoaderAssetsUrl, cookies::CookieId::kLoaderTime}) {
      if (ctx.cookies.sent(ctx.cookie_wire_name(id))) ctx.jar.clear(id);
    }
    ctx.visitor.reset();
  }
  ctx.redirect(back);
}

}  // namespace

void register_engage_routes(pipeline::App& app) {
  app.post(Area::kPortal, "/kb/articles/{id}/vote", vote);
  app.post(Area::kPortal, "/kb/articles/{id}/comments", comment, rerender_comment);
  app.post(Area::kPortal, "/cookie-consent", consent);
}

}  // namespace deskd::helpcenter
