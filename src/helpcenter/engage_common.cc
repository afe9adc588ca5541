#include "helpcenter/engage_common.h"

#include "accounts/fields.h"
#include "helpcenter/kb_links.h"
#include "http/form.h"

namespace deskd::helpcenter {

Result<storage::KbArticle> published_article(pipeline::RequestContext& ctx, std::string_view id_text) {
  const auto id = http::parse_positive_id(id_text, 18);
  if (!id) return not_found("no such article");
  auto article = ctx.svc.storage.kb().find_article(*id);
  if (!article.is_ok()) return article.status();
  if (article->status != storage::KbStatus::kPublished) return not_found("no such article");
  return article;
}

std::string engage_article_url(const pipeline::RequestContext& ctx, const storage::KbArticle& article) {
  const auto* t = pick_translation(ctx, article);
  return article_url(ctx, article.id, t ? std::string_view(t->slug) : std::string_view());
}

std::string engage_article_title(const pipeline::RequestContext& ctx, const storage::KbArticle& article) {
  const auto* t = pick_translation(ctx, article);
  return t ? t->title : std::string();
}

std::vector<std::string> reader_keys(const pipeline::RequestContext& ctx) {
  std::vector<std::string> keys;
  if (ctx.person) keys.push_back("p:" + std::to_string(ctx.person->id));
  if (ctx.visitor) keys.push_back("v:" + *ctx.visitor);
  if (ctx.session) keys.push_back("s:" + ctx.session->id_hash);
  return keys;
}

std::string current_key(const pipeline::RequestContext& ctx) {
  if (ctx.person) return "p:" + std::to_string(ctx.person->id);
  if (ctx.visitor) return "v:" + *ctx.visitor;
  if (ctx.session) return "s:" + ctx.session->id_hash;
  return {};
}

Result<std::string> actor_key(pipeline::RequestContext& ctx) {
  if (std::string key = current_key(ctx); !key.empty()) return key;
  auto session = ctx.ensure_session();
  if (!session.is_ok()) return session.status();
  return "s:" + (*session)->id_hash;
}

void fill_comment_form(pipeline::RequestContext& ctx, pipeline::Page& page, ctemplate::TemplateDictionary& form,
                       int64_t article_id, std::string_view notice_key, const std::vector<std::string>& errors) {
  form.SetValue("ACTION", lang_prefix(ctx) + "/kb/articles/" + std::to_string(article_id) + "/comments");
  page.hole(form, "CSRF", pipeline::Hole::kCsrf);
  if (!ctx.signed_in()) {
    auto* guest = form.AddSectionDictionary("GUEST");
    guest->SetValue("NAME", std::string(ctx.form.get("name").substr(0, 4 * kMaxCommenterName)));
    guest->SetValue("EMAIL", std::string(ctx.form.get("email").substr(0, accounts::kMaxEmail + 1)));
  }
  // A body over the limit comes back whole, so nothing typed is lost.
  form.SetValue("BODY", std::string(ctx.form.get("body")));
  if (!notice_key.empty()) form.SetValueAndShowSection("NOTICE_TEXT", ctx.t(notice_key), "NOTICE");
  for (const auto& error : errors) form.AddSectionDictionary("ERROR")->SetValue("ERROR_TEXT", error);
}

}  // namespace deskd::helpcenter
