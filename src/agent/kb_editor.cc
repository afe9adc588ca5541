#include "agent/kb_editor.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "helpcenter/kb_content.h"
#include "helpcenter/kb_slug.h"
#include "helpcenter/markdown.h"
#include "http/form.h"
#include "i18n/format.h"
#include "pipeline/render.h"

namespace deskd::agent {
namespace {

using pipeline::Area;
using pipeline::RequestContext;
using storage::KbArticle;
using storage::KbStatus;

constexpr size_t kEditorBodyLimit = 1024 * 1024;
constexpr int kListLimit = 500;

// What the editor form holds, as typed.
struct ArticleForm {
  int64_t id = 0;  // 0 = a new article
  std::string category_id;
  std::string status = "draft";
  struct Lang {
    std::string code, title, slug, body;
  };
  std::vector<Lang> langs;
};

std::optional<int64_t> parse_id(std::string_view text) {
  return http::parse_positive_id(text, 15);
}

std::optional<int64_t> route_id(const RequestContext& ctx) {
  auto it = ctx.params.find("id");
  return it == ctx.params.end() ? std::nullopt : parse_id(it->second);
}

std::string clip(std::string_view text, size_t max_bytes) {
  return std::string(text.substr(0, max_bytes));
}

ArticleForm form_from_post(const RequestContext& ctx, int64_t id) {
  ArticleForm f;
  f.id = id;
  f.category_id = clip(ctx.form.get("category_id"), 20);
  f.status = ctx.form.get("status") == "published" ? "published" : "draft";
  for (const auto& code : ctx.settings->languages) {
    f.langs.push_back({code, clip(ctx.form.get("title_" + code), 4 * helpcenter::kMaxTitleChars),
                       clip(ctx.form.get("slug_" + code), 4 * helpcenter::kMaxSlugBytes),
                       clip(ctx.form.get("body_" + code), helpcenter::kMaxBodyBytes + 1)});
  }
  return f;
}

ArticleForm form_from_article(const RequestContext& ctx, const KbArticle& a) {
  ArticleForm f;
  f.id = a.id;
  f.category_id = std::to_string(a.category_id);
  f.status = storage::kb_status_name(a.status);
  for (const auto& code : ctx.settings->languages) {
    const auto* t = storage::find_translation(a, code);
    f.langs.push_back(t ? ArticleForm::Lang{code, t->title, t->slug, t->body_md} : ArticleForm::Lang{code, "", "", ""});
  }
  return f;
}

std::string editor_url(int64_t id) {
  return id ? "/agent/kb/" + std::to_string(id) + "/edit" : "/agent/kb/new";
}

void fill_nav(ctemplate::TemplateDictionary& body) {
  body.SetValue("NAV_ARTICLES", "/agent/kb");
  body.SetValue("NAV_NEW", "/agent/kb/new");
  body.SetValue("NAV_CATEGORIES", "/agent/kb/categories");
}

// Category options, indented by depth, the chosen one selected.
void fill_category_options(RequestContext& ctx, ctemplate::TemplateDictionary& dict, std::string_view section,
                           std::string_view selected, int64_t exclude_subtree) {
  auto tree = ctx.svc.storage.kb().list_categories();
  if (!tree.is_ok()) return;
  std::map<int64_t, int> depth;
  std::set<int64_t> excluded;
  for (const auto& c : *tree) {
    const auto parent = depth.find(c.parent_id);
    depth[c.id] = parent == depth.end() ? 0 : parent->second + 1;
    if (c.id == exclude_subtree || excluded.count(c.parent_id)) {
      excluded.insert(c.id);
      continue;
    }
    const auto* text = storage::find_text(c, ctx.lang);
    if (!text) text = storage::find_text(c, ctx.settings->default_language);
    if (!text && !c.texts.empty()) text = &c.texts.front();
    auto* option = dict.AddSectionDictionary(std::string(section));
    option->SetValue("ID", std::to_string(c.id));
    std::string label;
    for (int i = 0; i < depth[c.id]; ++i) label += "— ";
    option->SetValue("LABEL", label + (text ? text->title : std::to_string(c.id)));
    if (std::to_string(c.id) == selected) option->ShowSection("SELECTED");
  }
}

void render_form(RequestContext& ctx, const ArticleForm& f, const std::vector<std::string>& errors,
                 std::string_view notice_key, bool preview, int status) {
  const std::string heading = ctx.t(f.id ? "kb.editor.edit_heading" : "kb.editor.new_heading");
  pipeline::Page page(ctx, "kb_editor_form.tpl", heading);
  auto& b = page.body();
  fill_nav(b);
  b.SetValue("HEADING", heading);
  b.SetValue("ACTION", editor_url(f.id));
  b.SetValue("CSRF", ctx.csrf_token());
  if (!notice_key.empty()) b.SetValueAndShowSection("NOTICE_TEXT", ctx.t(notice_key), "NOTICE");
  if (!errors.empty()) {
    auto* list = b.AddSectionDictionary("ERRORS");
    for (const auto& e : errors) list->AddSectionDictionary("ERROR")->SetValue("TEXT", e);
  }
  if (ctx.query.get("saved") == "1" && errors.empty() && notice_key.empty() && !preview) b.ShowSection("SAVED");
  fill_category_options(ctx, b, "CATEGORY", f.category_id, 0);
  b.ShowSection(f.status == "published" ? "PUBLISHED" : "DRAFT");
  for (const auto& l : f.langs) {
    auto* d = b.AddSectionDictionary("LANG");
    d->SetValue("CODE", l.code);
    d->SetValue("NAME", i18n::language_name(l.code));
    d->SetValue("TITLE", l.title);
    d->SetValue("SLUG", l.slug);
    d->SetValue("BODY", l.body);
    if (preview && !l.body.empty() && l.body.size() <= helpcenter::kMaxBodyBytes) {
      d->SetValueAndShowSection("PREVIEW_HTML", helpcenter::render_markdown(l.body, ctx.svc.catalogs, l.code),
                                "PREVIEW");
    }
  }
  if (f.id) {
    auto* s = b.AddSectionDictionary("EXISTING");
    s->SetValue("STATUS_ACTION", "/agent/kb/" + std::to_string(f.id) + "/status");
    s->SetValue("CSRF", ctx.csrf_token());
    const bool published = f.status == "published";
    s->SetValue("NEXT_STATUS", published ? "draft" : "published");
    s->SetValue("STATUS_BUTTON", ctx.t(published ? "kb.editor.unpublish" : "kb.editor.publish"));
    if (published) {
      for (const auto& l : f.langs) {
        if (l.title.empty()) continue;
        auto* view = s->AddSectionDictionary("VIEW");
        view->SetValue("VIEW_URL", "/" + l.code + "/kb/articles/" + std::to_string(f.id) + "-" +
                                       (l.slug.empty() ? helpcenter::slugify(l.title) : l.slug));
        view->SetValue("VIEW_LANG", i18n::language_name(l.code));
      }
    }
  }
  page.finish(status);
}

// The article the form describes, or the (localised) reasons it cannot be saved.
std::vector<std::string> validate(RequestContext& ctx, const ArticleForm& f, KbArticle& out) {
  std::vector<std::string> errors;
  auto category = parse_id(f.category_id);
  if (!category || !ctx.svc.storage.kb().find_category(*category).is_ok()) {
    errors.push_back(ctx.t("kb.editor.error_category"));
  } else {
    out.category_id = *category;
  }
  out.status = f.status == "published" ? KbStatus::kPublished : KbStatus::kDraft;
  for (const auto& l : f.langs) {
    const std::string name = i18n::language_name(l.code);
    if (l.title.empty() && l.slug.empty() && l.body.empty()) continue;
    if (l.title.empty()) {
      errors.push_back(ctx.svc.catalogs.format(ctx.lang, "kb.editor.error_title", {{"language", name}}));
      continue;
    }
    if (helpcenter::utf8_length(l.title) > helpcenter::kMaxTitleChars) {
      errors.push_back(
          ctx.svc.catalogs.format(ctx.lang, "kb.editor.error_title_long",
                                  {{"language", name}, {"max", std::to_string(helpcenter::kMaxTitleChars)}}));
    }
    if (!l.slug.empty() && !helpcenter::valid_slug(l.slug)) {
      errors.push_back(ctx.svc.catalogs.format(ctx.lang, "kb.editor.error_slug", {{"language", name}}));
    }
    if (l.body.size() > helpcenter::kMaxBodyBytes) {
      errors.push_back(ctx.svc.catalogs.format(ctx.lang, "kb.editor.error_body_long", {{"language", name}}));
    }
    out.translations.push_back(helpcenter::make_translation(ctx.svc.catalogs, l.code, l.title, l.slug, l.body));
  }
  if (out.translations.empty() && errors.empty()) errors.push_back(ctx.t("kb.editor.error_no_translation"));
  return errors;
}

void require_agent_then(RequestContext& ctx, const std::function<void()>& fn) {
  if (!accounts::require_sign_in(ctx, kKbEditorLogin)) return;
  fn();
}

void show_list(RequestContext& ctx, std::string_view notice_key = {}, int status = 200) {
  storage::KbArticleQuery q;
  q.published_only = false;
  q.order = storage::KbOrder::kNewest;
  q.limit = kListLimit;
  auto list = ctx.svc.storage.kb().list_articles(q);
  if (!list.is_ok()) {
    pipeline::render_status(ctx, list.status());
    return;
  }
  pipeline::Page page(ctx, "kb_editor_list.tpl", ctx.t("kb.editor.heading"));
  auto& b = page.body();
  fill_nav(b);
  if (!notice_key.empty()) b.SetValueAndShowSection("NOTICE_TEXT", ctx.t(notice_key), "NOTICE");
  for (const auto& code : ctx.settings->languages) b.AddSectionDictionary("LANG_HEAD")->SetValue("CODE", code);
  if (list->empty()) b.ShowSection("EMPTY");
  const std::string csrf = ctx.csrf_token();
  for (const auto& a : *list) {
    auto* row = b.AddSectionDictionary("ARTICLE");
    const auto* t = storage::find_translation(a, ctx.lang);
    if (!t) t = storage::find_translation(a, ctx.settings->default_language);
    if (!t && !a.translations.empty()) t = &a.translations.front();
    row->SetValue("TITLE", t ? t->title : std::to_string(a.id));
    row->SetValue("EDIT_URL", editor_url(a.id));
    row->SetValue("ID", std::to_string(a.id));
    const bool published = a.status == KbStatus::kPublished;
    row->SetValue("STATUS", ctx.t(published ? "kb.editor.status_published" : "kb.editor.status_draft"));
    row->SetValue("STATUS_CLASS", published ? "published" : "draft");
    row->SetValue("UPDATED", i18n::format_date(ctx.lang, a.updated_ms));
    row->SetValue("VIEWS", i18n::format_number(ctx.lang, a.view_count));
    for (const auto& code : ctx.settings->languages) {
      auto* cell = row->AddSectionDictionary("LANG");
      cell->SetValue("CODE", code);
      const bool has = storage::find_translation(a, code) != nullptr;
      cell->SetValue("STATE", ctx.t(has ? "kb.editor.translated" : "kb.editor.missing"));
      cell->SetValue("STATE_CLASS", has ? "yes" : "no");
    }
    row->SetValue("STATUS_ACTION", "/agent/kb/" + std::to_string(a.id) + "/status");
    row->SetValue("CSRF", csrf);
    row->SetValue("NEXT_STATUS", published ? "draft" : "published");
    row->SetValue("STATUS_BUTTON", ctx.t(published ? "kb.editor.unpublish" : "kb.editor.publish"));
  }
  page.finish(status);
}

void show_new(RequestContext& ctx) {
  require_agent_then(ctx, [&] {
    ArticleForm f;
    for (const auto& code : ctx.settings->languages) f.langs.push_back({code, "", "", ""});
    if (auto category = parse_id(ctx.query.get("category"))) f.category_id = std::to_string(*category);
    render_form(ctx, f, {}, {}, false, 200);
  });
}

void show_edit(RequestContext& ctx) {
  require_agent_then(ctx, [&] {
    auto id = route_id(ctx);
    auto article = id ? ctx.svc.storage.kb().find_article(*id) : Result<KbArticle>(not_found("no such article"));
    if (!article.is_ok()) {
      if (article.status().code() == Code::kNotFound) {
        pipeline::render_error(ctx, 404, "kb.article_not_found");
      } else {
        pipeline::render_status(ctx, article.status());
      }
      return;
    }
    render_form(ctx, form_from_article(ctx, *article), {}, {}, false, 200);
  });
}

void save(RequestContext& ctx, int64_t id) {
  ArticleForm f = form_from_post(ctx, id);
  KbArticle article;
  std::vector<std::string> errors = validate(ctx, f, article);
  if (ctx.form.get("preview") == "1") {
    render_form(ctx, f, errors, {}, true, 200);
    return;
  }
  if (!errors.empty()) {
    render_form(ctx, f, errors, {}, false, 422);
    return;
  }
  auto& kb = ctx.svc.storage.kb();
  Status s;
  if (id == 0) {
    article.author_id = ctx.person->id;
    s = kb.create_article(article);
  } else {
    auto stored = kb.find_article(id);
    if (!stored.is_ok()) {
      pipeline::render_status(ctx, stored.status());
      return;
    }
    // Languages the form does not offer (no longer enabled) keep their text.
    for (const auto& t : stored->translations) {
      if (std::find(ctx.settings->languages.begin(), ctx.settings->languages.end(), t.lang) ==
          ctx.settings->languages.end())
        article.translations.push_back(t);
    }
    article.id = id;
    s = kb.update_article(article);
  }
  if (s.code() == Code::kInvalidArgument) {
    render_form(ctx, f, {ctx.t("kb.editor.error_category")}, {}, false, 422);
    return;
  }
  if (!s.is_ok()) {
    pipeline::render_status(ctx, s);
    return;
  }
  ctx.redirect(editor_url(article.id) + "?saved=1");
}

void post_new(RequestContext& ctx) {
  require_agent_then(ctx, [&] { save(ctx, 0); });
}

void post_edit(RequestContext& ctx) {
  require_agent_then(ctx, [&] {
    auto id = route_id(ctx);
    if (!id || !ctx.svc.storage.kb().find_article(*id).is_ok()) {
      pipeline::render_error(ctx, 404, "kb.article_not_found");
      return;
    }
    save(ctx, *id);
  });
}

void post_status(RequestContext& ctx) {
  require_agent_then(ctx, [&] {
    auto id = route_id(ctx);
    const std::string_view wanted = ctx.form.get("status");
    auto status = storage::parse_kb_status(wanted);
    if (!status) {
      show_list(ctx, "kb.editor.error_status", 400);
      return;
    }
    Status s = id ? ctx.svc.storage.kb().set_status(*id, *status) : not_found("no such article");
    if (s.code() == Code::kNotFound) {
      pipeline::render_error(ctx, 404, "kb.article_not_found");
      return;
    }
    if (!s.is_ok()) {
      pipeline::render_status(ctx, s);
      return;
    }
    ctx.flash(*status == KbStatus::kPublished ? "kb.editor.published_flash" : "kb.editor.unpublished_flash");
    ctx.redirect(pipeline::safe_return_to(ctx.form.get("return_to"), "/agent/kb"));
  });
}

void add_post(pipeline::App& app, std::string pattern, pipeline::HandlerFn fn, pipeline::RerenderFn rerender) {
  pipeline::Route r;
  r.pattern = std::move(pattern);
  r.area = Area::kAgent;
  r.handle = std::move(fn);
  r.rerender = std::move(rerender);
  r.body_limit = kEditorBodyLimit;
  app.add("POST", std::move(r));
}

}  // namespace

void register_kb_editor_routes(pipeline::App& app) {
  app.get(Area::kAgent, "/agent/kb", [](RequestContext& ctx) { require_agent_then(ctx, [&] { show_list(ctx); }); });
  app.get(Area::kAgent, "/agent/kb/new", show_new);
  app.get(Area::kAgent, "/agent/kb/{id}/edit", show_edit);
  const auto rerender_new = [](RequestContext& ctx, std::string_view notice, int status) {
    render_form(ctx, form_from_post(ctx, 0), {}, notice, false, status);
  };
  const auto rerender_edit = [](RequestContext& ctx, std::string_view notice, int status) {
    render_form(ctx, form_from_post(ctx, route_id(ctx).value_or(0)), {}, notice, false, status);
  };
  add_post(app, "/agent/kb/new", post_new, rerender_new);
  add_post(app, "/agent/kb/{id}/edit", post_edit, rerender_edit);
  app.post(Area::kAgent, "/agent/kb/{id}/status", post_status,
           [](RequestContext& ctx, std::string_view notice, int status) {
             // Only a signed-in agent may see the list; anyone else gets the generic page.
             if (ctx.signed_in()) {
               show_list(ctx, notice, status);
             } else {
               pipeline::render_resubmit(ctx, notice);
             }
           });
  register_kb_category_routes(app);
}

}  // namespace deskd::agent
