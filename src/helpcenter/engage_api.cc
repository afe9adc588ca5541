#include "helpcenter/engage_api.h"

#include <spdlog/spdlog.h>

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

void fill_votes(pipeline::RequestContext& ctx, ctemplate::TemplateDictionary& votes, int64_t article_id) {
  votes.SetFilename("engage_votes.tpl");
  votes.SetValue("ACTION", lang_prefix(ctx) + "/kb/articles/" + std::to_string(article_id) + "/vote");
  votes.SetValue("CSRF", ctx.csrf_token());
  auto& engage = ctx.svc.storage.engage();
  auto counts = engage.vote_counts(article_id);
  if (!counts.is_ok()) spdlog::warn("vote counts of article {}: {}", article_id, counts.status().to_string());
  const storage::VoteCounts c = counts.is_ok() ? *counts : storage::VoteCounts{};
  votes.SetValue("UP", i18n::format_number(ctx.lang, c.up));
  votes.SetValue("DOWN", i18n::format_number(ctx.lang, c.down));
  int mine = 0;
  if (std::string key = current_key(ctx); !key.empty()) {
    auto vote = engage.my_vote(article_id, key);
    if (vote.is_ok()) mine = *vote;
  }
  votes.SetValue("UP_PRESSED", mine == 1 ? "true" : "false");
  votes.SetValue("DOWN_PRESSED", mine == -1 ? "true" : "false");
  if (mine == 1) votes.ShowSection("MINE_UP");
  if (mine == -1) votes.ShowSection("MINE_DOWN");
  if (mine != 0) votes.ShowSection("MINE");
}

void fill_comments(pipeline::RequestContext& ctx, ctemplate::TemplateDictionary& section, int64_t article_id) {
  section.SetFilename("engage_comments.tpl");
  section.SetValue("COUNT_TEXT",
                   ctx.svc.catalogs.plural(ctx.lang, "comments.count", approved_comment_count(ctx, article_id)));
  auto comments = ctx.svc.storage.engage().comments_for_article(article_id, reader_keys(ctx));
  if (!comments.is_ok()) spdlog::warn("comments of article {}: {}", article_id, comments.status().to_string());
  if (!comments.is_ok() || comments->empty()) section.ShowSection("NONE");
  if (comments.is_ok()) {
    for (const auto& c : *comments) {
      auto* d = section.AddSectionDictionary("COMMENT");
      d->SetIntValue("ID", c.id);
      d->SetValue("NAME", c.name);
      d->SetValue("DATE", i18n::format_date(ctx.lang, c.created_ms));
      d->SetValue("BODY", c.body);
      if (c.status == storage::CommentStatus::kPending) d->ShowSection("PENDING");
    }
  }
  auto* form = section.AddIncludeDictionary("FORM");
  form->SetFilename("engage_comment_form.tpl");
  fill_comment_form(ctx, *form, article_id, {}, {});
}

}  // namespace

int64_t approved_comment_count(pipeline::RequestContext& ctx, int64_t article_id) {
  auto n = ctx.svc.storage.engage().approved_count(article_id);
  if (!n.is_ok()) {
    spdlog::warn("comment count of article {}: {}", article_id, n.status().to_string());
    return 0;
  }
  return *n;
}

void record_page_view(pipeline::RequestContext& ctx, int64_t article_id, std::string_view title) {
  if (!ctx.svc.page_views || (!ctx.visitor && !ctx.person)) return;
  storage::PageView view;
  if (ctx.visitor) view.visitor_id = *ctx.visitor;
  if (ctx.person) view.person_id = ctx.person->id;
  view.path = utf8_prefix(ctx.req.path, kMaxViewPath);
  view.title = utf8_prefix(title, kMaxViewTitle);
  view.at_ms = ctx.svc.clock.now_ms();
  view.article_id = article_id;
  ctx.svc.page_views->record(std::move(view));
}

void fill_article_engagement(pipeline::RequestContext& ctx, ctemplate::TemplateDictionary& body, int64_t article_id) {
  fill_votes(ctx, *body.AddIncludeDictionary("VOTES"), article_id);
  fill_comments(ctx, *body.AddIncludeDictionary("COMMENTS"), article_id);
}

}  // namespace deskd::helpcenter
