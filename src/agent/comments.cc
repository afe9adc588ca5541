#include "agent/comments.h"

#include <map>

#include "accounts/login.h"
#include "helpcenter/engage_common.h"
#include "http/form.h"
#include "i18n/format.h"
#include "pipeline/audit.h"
#include "pipeline/render.h"

namespace deskd::agent {
namespace {

using pipeline::Area;
using pipeline::RequestContext;

constexpr int kPageSize = 50;
const accounts::LoginArea kLogin{Area::kAgent, "/agent", "agent.login_heading"};

int64_t positive_number(std::string_view text, int64_t fallback) {
  return http::parse_positive_id(text).value_or(fallback);
}

void show_pending(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  const int64_t page_no = std::min<int64_t>(positive_number(ctx.query.get("page"), 1), 100'000);
  auto& engage = ctx.svc.storage.feedback();
  auto total = engage.pending_count();
  auto comments = engage.pending_comments(kPageSize, static_cast<int>((page_no - 1) * kPageSize));
  if (!total.is_ok() || !comments.is_ok()) {
    pipeline::render_status(ctx, total.is_ok() ? comments.status() : total.status());
    return;
  }
  pipeline::Page page(ctx, "engage_moderation.tpl", ctx.t("engage.moderation.heading"));
  auto& b = page.body();
  b.SetValue("HEADING", ctx.t("engage.moderation.heading"));
  b.SetValue("COUNT_TEXT", ctx.svc.catalogs.plural(ctx.lang, "engage.moderation.count", *total));
  if (comments->empty()) b.ShowSection("EMPTY");
  if (!comments->empty()) b.ShowSection("ROWS");
  const std::string csrf = ctx.csrf_token();
  std::map<int64_t, std::optional<storage::KbArticle>> articles;
  for (const auto& c : *comments) {
    auto [it, fresh] = articles.try_emplace(c.article_id);
    if (fresh) {
      auto found = ctx.svc.storage.kb().find_article(c.article_id);
      if (found.is_ok()) it->second = std::move(*found);
    }
    auto* row = b.AddSectionDictionary("COMMENT");
    row->SetIntValue("ID", c.id);
    row->SetValue("CSRF", csrf);
    row->SetValue("NAME", c.name);
    row->SetValue("EMAIL", c.email);
    row->SetValue("DATE", i18n::format_date(ctx.lang, c.created_ms));
    row->SetValue("BODY", c.body);
    if (it->second) {
      row->SetValue("ARTICLE_URL", helpcenter::engage_article_url(ctx, *it->second));
      row->SetValue("ARTICLE_TITLE", helpcenter::engage_article_title(ctx, *it->second));
    } else {
      row->SetValue("ARTICLE_URL", "/kb");
      row->SetValue("ARTICLE_TITLE", ctx.t("engage.moderation.unknown_article"));
    }
  }
  const bool has_prev = page_no > 1;
  const bool has_next = page_no * kPageSize < *total;
  if (has_prev || has_next) {
    b.ShowSection("PAGER");
    if (has_prev) b.AddSectionDictionary("PREV")->SetIntValue("PAGE", page_no - 1);
    if (has_next) b.AddSectionDictionary("NEXT")->SetIntValue("PAGE", page_no + 1);
  }
  page.finish();
}

void moderate(RequestContext& ctx, storage::CommentStatus status) {
  if (!accounts::require_sign_in(ctx, kLogin)) return;
  auto it = ctx.params.find("id");
  const int64_t id = it == ctx.params.end() ? 0 : positive_number(it->second, 0);
  auto& engage = ctx.svc.storage.feedback();
  auto comment = id ? engage.find_comment(id) : Result<storage::Comment>(not_found("no such comment"));
  if (!comment.is_ok()) {
    pipeline::render_status(ctx, comment.status());
    return;
  }
  if (Status s = engage.moderate(id, status, ctx.person->id); !s.is_ok()) {
    pipeline::render_status(ctx, s);
    return;
  }
  const bool approved = status == storage::CommentStatus::kApproved;
  pipeline::audit(ctx, approved ? "comment_approved" : "comment_rejected", ctx.person->id, ctx.person->email,
                  "comment " + std::to_string(id) + " on article " + std::to_string(comment->article_id));
  ctx.flash(approved ? "engage.moderation.approved" : "engage.moderation.rejected");
  ctx.redirect("/agent/comments");
}

}  // namespace

void register_comment_routes(pipeline::App& app) {
  app.get(Area::kAgent, "/agent/comments", show_pending);
  app.post(Area::kAgent, "/agent/comments/{id}/approve",
           [](RequestContext& ctx) { moderate(ctx, storage::CommentStatus::kApproved); });
  app.post(Area::kAgent, "/agent/comments/{id}/reject",
           [](RequestContext& ctx) { moderate(ctx, storage::CommentStatus::kRejected); });
}

}  // namespace deskd::agent
