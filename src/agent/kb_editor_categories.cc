#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>

#include "agent/kb_editor.h"
#include "helpcenter/kb_content.h"
#include "helpcenter/kb_slug.h"
#include "i18n/format.h"
#include "pipeline/render.h"

namespace deskd::agent {
namespace {

using pipeline::Area;
using pipeline::RequestContext;
using storage::KbCategory;

constexpr size_t kMaxCategoryTitleChars = 120;
constexpr int64_t kMaxPosition = 1000000;

// One category form as typed (id 0 = the "new category" form).
struct CategoryForm {
  int64_t id = 0;
  std::string parent_id;
  std::string position;
  struct Lang {
    std::string code, title, slug, description;
  };
  std::vector<Lang> langs;
};

std::optional<int64_t> parse_int(std::string_view text) {
  int64_t v = 0;
  if (text.empty() || text.size() > 15) return std::nullopt;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

std::string clip(std::string_view text, size_t max_bytes) {
  return std::string(text.substr(0, max_bytes));
}

CategoryForm form_from_post(const RequestContext& ctx) {
  CategoryForm f;
  f.id = parse_int(ctx.form.get("id")).value_or(0);
  if (f.id < 0) f.id = 0;
  f.parent_id = clip(ctx.form.get("parent_id"), 20);
  f.position = clip(ctx.form.get("position"), 20);
  for (const auto& code : ctx.settings->languages) {
    f.langs.push_back({code, clip(ctx.form.get("title_" + code), 4 * kMaxCategoryTitleChars),
                       clip(ctx.form.get("slug_" + code), 4 * helpcenter::kMaxSlugBytes),
                       clip(ctx.form.get("description_" + code), 4 * helpcenter::kMaxDescriptionChars)});
  }
  return f;
}

CategoryForm form_from_category(const RequestContext& ctx, const KbCategory& c) {
  CategoryForm f;
  f.id = c.id;
  f.parent_id = std::to_string(c.parent_id);
  f.position = std::to_string(c.position);
  for (const auto& code : ctx.settings->languages) {
    const auto* t = storage::find_text(c, code);
    f.langs.push_back(t ? CategoryForm::Lang{code, t->title, t->slug, t->description}
                        : CategoryForm::Lang{code, "", "", ""});
  }
  return f;
}

std::string label_of(const RequestContext& ctx, const KbCategory& c) {
  const auto* t = storage::find_text(c, ctx.lang);
  if (!t) t = storage::find_text(c, ctx.settings->default_language);
  if (!t && !c.texts.empty()) t = &c.texts.front();
  return t ? t->title : std::to_string(c.id);
}

void fill_form(RequestContext& ctx, ctemplate::TemplateDictionary& d, const CategoryForm& f,
               const std::vector<KbCategory>& tree, const std::vector<std::string>& errors) {
  d.SetValue("ID", std::to_string(f.id));
  d.SetValue("CSRF", ctx.csrf_token());
  d.SetValue("POSITION", f.position);
  if (!errors.empty()) {
    auto* list = d.AddSectionDictionary("ERRORS");
    for (const auto& e : errors) list->AddSectionDictionary("ERROR")->SetValue("TEXT", e);
  }
  auto* top = d.AddSectionDictionary("PARENT");
  top->SetValue("PARENT_ID", "0");
  top->SetValue("PARENT_LABEL", ctx.t("kb.editor.top_level"));
  if (f.parent_id.empty() || f.parent_id == "0") top->ShowSection("SELECTED");
  // A category cannot move below itself or its descendants.
  std::map<int64_t, int> depth;
  std::set<int64_t> own_subtree;
  for (const auto& c : tree) {
    const auto parent = depth.find(c.parent_id);
    depth[c.id] = parent == depth.end() ? 0 : parent->second + 1;
    if (f.id != 0 && (c.id == f.id || own_subtree.count(c.parent_id))) {
      own_subtree.insert(c.id);
      continue;
    }
    auto* option = d.AddSectionDictionary("PARENT");
    option->SetValue("PARENT_ID", std::to_string(c.id));
    std::string label;
    for (int i = 0; i < depth[c.id]; ++i) label += "— ";
    option->SetValue("PARENT_LABEL", label + label_of(ctx, c));
    if (std::to_string(c.id) == f.parent_id) option->ShowSection("SELECTED");
  }
  for (const auto& l : f.langs) {
    auto* lang = d.AddSectionDictionary("LANG");
    lang->SetValue("CODE", l.code);
    lang->SetValue("NAME", i18n::language_name(l.code));
    lang->SetValue("TITLE", l.title);
    lang->SetValue("SLUG", l.slug);
    lang->SetValue("DESCRIPTION", l.description);
  }
}

// The page; `typed` replaces the stored values of the form with its id.
void render_page(RequestContext& ctx, const CategoryForm* typed, const std::vector<std::string>& errors,
                 std::string_view notice_key, int status) {
  auto tree = ctx.svc.storage.kb().list_categories();
  if (!tree.is_ok()) {
    pipeline::render_status(ctx, tree.status());
    return;
  }
  pipeline::Page page(ctx, "kb_editor_categories.tpl", ctx.t("kb.editor.categories_heading"));
  auto& b = page.body();
  b.SetValue("NAV_ARTICLES", "/agent/kb");
  b.SetValue("NAV_NEW", "/agent/kb/new");
  b.SetValue("NAV_CATEGORIES", "/agent/kb/categories");
  if (!notice_key.empty()) b.SetValueAndShowSection("NOTICE_TEXT", ctx.t(notice_key), "NOTICE");
  if (ctx.query.get("saved") == "1" && !typed) b.ShowSection("SAVED");
  std::map<int64_t, int> depth;
  for (const auto& c : *tree) {
    const auto parent = depth.find(c.parent_id);
    depth[c.id] = parent == depth.end() ? 0 : parent->second + 1;
    auto* row = b.AddSectionDictionary("CATEGORY");
    row->SetValue("HEADING", label_of(ctx, c));
    row->SetIntValue("DEPTH", std::min(depth[c.id], 3));
    if (typed && typed->id == c.id) {
      fill_form(ctx, *row, *typed, *tree, errors);
    } else {
      fill_form(ctx, *row, form_from_category(ctx, c), *tree, {});
    }
  }
  if (tree->empty()) b.ShowSection("EMPTY");
  auto* create = b.AddSectionDictionary("NEW");
  if (typed && typed->id == 0) {
    fill_form(ctx, *create, *typed, *tree, errors);
  } else {
    CategoryForm blank;
    blank.position = "0";
    for (const auto& code : ctx.settings->languages) blank.langs.push_back({code, "", "", ""});
    fill_form(ctx, *create, blank, *tree, {});
  }
  page.finish(status);
}

std::vector<std::string> validate(RequestContext& ctx, const CategoryForm& f, KbCategory& out) {
  std::vector<std::string> errors;
  out.id = f.id;
  auto parent = f.parent_id.empty() ? std::optional<int64_t>(0) : parse_int(f.parent_id);
  if (!parent || *parent < 0) {
    errors.push_back(ctx.t("kb.editor.error_parent"));
  } else {
    out.parent_id = *parent;
  }
  auto position = f.position.empty() ? std::optional<int64_t>(0) : parse_int(f.position);
  if (!position || *position < -kMaxPosition || *position > kMaxPosition) {
    errors.push_back(ctx.t("kb.editor.error_position"));
  } else {
    out.position = *position;
  }
  for (const auto& l : f.langs) {
    const std::string name = i18n::language_name(l.code);
    if (l.title.empty() && l.slug.empty() && l.description.empty()) continue;
    if (l.title.empty()) {
      errors.push_back(ctx.svc.catalogs.format(ctx.lang, "kb.editor.error_title", {{"language", name}}));
      continue;
    }
    if (helpcenter::utf8_length(l.title) > kMaxCategoryTitleChars ||
        helpcenter::utf8_length(l.description) > helpcenter::kMaxDescriptionChars) {
      errors.push_back(ctx.svc.catalogs.format(ctx.lang, "kb.editor.error_title_long",
                                               {{"language", name}, {"max", std::to_string(kMaxCategoryTitleChars)}}));
      continue;
    }
    if (!l.slug.empty() && !helpcenter::valid_slug(l.slug)) {
      errors.push_back(ctx.svc.catalogs.format(ctx.lang, "kb.editor.error_slug", {{"language", name}}));
      continue;
    }
    std::string slug = l.slug.empty() ? helpcenter::slugify(l.title) : l.slug;
    if (slug.empty()) slug = "category-" + l.code;
    out.texts.push_back({l.code, l.title, slug, l.description});
  }
  if (out.texts.empty() && errors.empty()) errors.push_back(ctx.t("kb.editor.error_no_translation"));
  return errors;
}

void show_categories(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kKbEditorLogin)) return;
  render_page(ctx, nullptr, {}, {}, 200);
}

void post_category(RequestContext& ctx) {
  if (!accounts::require_sign_in(ctx, kKbEditorLogin)) return;
  const CategoryForm f = form_from_post(ctx);
  KbCategory category;
  std::vector<std::string> errors = validate(ctx, f, category);
  if (errors.empty()) {
    auto& kb = ctx.svc.storage.kb();
    if (f.id != 0) {
      // Languages the form does not offer keep their text.
      if (auto stored = kb.find_category(f.id); stored.is_ok()) {
        for (const auto& t : stored->texts) {
          if (std::find(ctx.settings->languages.begin(), ctx.settings->languages.end(), t.lang) ==
              ctx.settings->languages.end())
            category.texts.push_back(t);
        }
      }
    }
    Status s = f.id == 0 ? kb.create_category(category) : kb.update_category(category);
    if (s.is_ok()) {
      ctx.redirect("/agent/kb/categories?saved=1");
      return;
    }
    if (s.code() == Code::kConflict) {
      errors.push_back(ctx.t("kb.editor.error_slug_taken"));
    } else if (s.code() == Code::kInvalidArgument) {
      errors.push_back(ctx.t("kb.editor.error_parent"));
    } else if (s.code() == Code::kNotFound) {
      pipeline::render_error(ctx, 404, "kb.category_not_found");
      return;
    } else {
      pipeline::render_status(ctx, s);
      return;
    }
  }
  render_page(ctx, &f, errors, {}, 422);
}

}  // namespace

void register_kb_category_routes(pipeline::App& app) {
  app.get(Area::kAgent, "/agent/kb/categories", show_categories);
  app.post(Area::kAgent, "/agent/kb/categories", post_category,
           [](RequestContext& ctx, std::string_view notice, int status) {
             const CategoryForm typed = form_from_post(ctx);
             render_page(ctx, &typed, {}, notice, status);
           });
}

}  // namespace deskd::agent
