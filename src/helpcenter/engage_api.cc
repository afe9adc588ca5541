#include "helpcenter/engage_api.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "helpcenter/engage_common.h"
#include "helpcenter/kb_links.h"
#include "i18n/format.h"

namespace deskd::helpcenter {
namespace {

constexpr size_t kMaxViewPath = 2048;
constexpr size_t kMaxViewTitle = 300;

// At most `max` bytes, never cutting a UTF-8 sequence.
std::string utf8_prefix(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

void fill_votes(pipeline::RequestContext& ctx, pipeline::Page& page, ctemplate::TemplateDictionary& votes,
                int64_t article_id, const storage::VoteCounts& counts, int mine) {
  votes.SetFilename("engage_votes.tpl");
  votes.SetValue("ACTION", lang_prefix(ctx) + "/kb/articles/" + std::to_string(article_id) + "/vote");
  page.hole(votes, "CSRF", pipeline::Hole::kCsrf);
  votes.SetValue("UP", i18n::format_number(ctx.lang, counts.up));
  votes.SetValue("DOWN", i18n::format_number(ctx.lang, counts.down));
  votes.SetValue("UP_PRESSED", mine == 1 ? "true" : "false");
  votes.SetValue("DOWN_PRESSED", mine == -1 ? "true" : "false");
  if (mine == 1) votes.ShowSection("MINE_UP");
  if (mine == -1) votes.ShowSection("MINE_DOWN");
  if (mine != 0) votes.ShowSection("MINE");
}

void add_comment(pipeline::RequestContext& ctx, ctemplate::TemplateDictionary& section, const storage::Comment& c) {
  auto* d = section.AddSectionDictionary("COMMENT");
  d->SetIntValue("ID", c.id);
  d->SetValue("NAME", c.name);
  d->SetValue("DATE", i18n::format_date(ctx.lang, c.created_ms));
  d->SetValue("BODY", c.body);
  if (c.status == storage::CommentStatus::kPending) d->ShowSection("PENDING");
}

void fill_comments(pipeline::RequestContext& ctx, pipeline::Page& page, ctemplate::TemplateDictionary& section,
                   int64_t article_id, const ArticleEngagement& engagement,
                   const std::vector<storage::Comment>& pending) {
  section.SetFilename("engage_comments.tpl");
  section.SetValue("COUNT_TEXT", ctx.svc.catalogs.plural(ctx.lang, "comments.count",
                                                         static_cast<int64_t>(engagement.approved.size())));
  if (engagement.approved.empty() && pending.empty()) section.ShowSection("NONE");
  // Oldest first, the reader's pending comments among the approved ones.
  auto approved = engagement.approved.begin();
  auto mine = pending.begin();
  auto before = [](const storage::Comment& a, const storage::Comment& b) {
    return a.created_ms != b.created_ms ? a.created_ms < b.created_ms : a.id < b.id;
  };
  while (approved != engagement.approved.end() || mine != pending.end()) {
    if (mine == pending.end() || (approved != engagement.approved.end() && before(*approved, *mine))) {
      add_comment(ctx, section, *approved++);
    } else {
      add_comment(ctx, section, *mine++);
    }
  }
  auto* form = section.AddIncludeDictionary("FORM");
  form->SetFilename("engage_comment_form.tpl");
  fill_comment_form(ctx, page, *form, article_id, {}, {});
}

}  // namespace

void record_page_view(pipeline::RequestContext& ctx, int64_t article_id, std::string_view title) {
  if (!ctx.svc.page_views || (!ctx.visitor && !ctx.person)) return;
  // Beyond limits.page_views_per_visitor_per_minute the page is served, not recorded.
  // Keyed by the visitor id as it is (no ':' in it), else "p:<person id>".
  const bool allowed = ctx.visitor ? ctx.svc.rate_limits.page_views.hit(*ctx.visitor).allowed
                                   : ctx.svc.rate_limits.page_views.hit("p:" + std::to_string(ctx.person->id)).allowed;
  if (!allowed) return;
  storage::PageView view;
  if (ctx.visitor) view.visitor_id = *ctx.visitor;
  if (ctx.person) view.person_id = ctx.person->id;
  view.path = utf8_prefix(ctx.req.path, kMaxViewPath);
  view.title = utf8_prefix(title, kMaxViewTitle);
  view.at_ms = ctx.svc.clock.now_ms();
  view.article_id = article_id;
  ctx.svc.page_views->record(std::move(view));
}

int own_vote(pipeline::RequestContext& ctx, int64_t article_id, const std::string& voter) {
  auto vote = ctx.svc.storage.feedback().my_vote(article_id, voter);
  if (!vote.is_ok()) spdlog::warn("own vote on article {}: {}", article_id, vote.status().to_string());
  return vote.is_ok() ? *vote : 0;
}

std::vector<storage::Comment> own_pending_comments(pipeline::RequestContext& ctx, int64_t article_id,
                                                   const std::vector<std::string>& reader_keys) {
  auto comments = ctx.svc.storage.feedback().pending_comments_by(article_id, reader_keys);
  if (!comments.is_ok()) {
    spdlog::warn("own pending comments on article {}: {}", article_id, comments.status().to_string());
    return {};
  }
  return std::move(*comments);
}

void fill_article_engagement(pipeline::RequestContext& ctx, pipeline::Page& page, int64_t article_id,
                             const ArticleEngagement& engagement, int mine,
                             const std::vector<storage::Comment>& pending) {
  fill_votes(ctx, page, *page.body().AddIncludeDictionary("VOTES"), article_id, engagement.votes, mine);
  fill_comments(ctx, page, *page.body().AddIncludeDictionary("COMMENTS"), article_id, engagement, pending);
}

}  // namespace deskd::helpcenter
