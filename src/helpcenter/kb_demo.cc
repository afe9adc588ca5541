#include "helpcenter/kb_demo.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <sstream>

#include "helpcenter/kb_content.h"

namespace deskd::helpcenter {
namespace {

using nlohmann::json;

std::string text_of(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (!it->is_array()) return {};
  // An array of Markdown blocks, joined as paragraphs.
  std::string out;
  for (const auto& block : *it) {
    if (!block.is_string()) continue;
    if (!out.empty()) out += "\n\n";
    out += block.get<std::string>();
  }
  return out;
}

Status seed(storage::Storage& storage, const i18n::Catalogs& catalogs, const std::string& json_path,
            int64_t author_id) {
  auto& kb = storage.kb();
  auto existing = kb.list_categories();
  if (!existing.is_ok()) return existing.status();
  if (!existing->empty()) return Status::ok();

  std::ifstream in(json_path);
  if (!in) return invalid_argument("cannot read " + json_path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const json doc = json::parse(buffer.str(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return invalid_argument(json_path + " is not a JSON object");

  std::map<std::string, int64_t> category_ids;
  const json categories = doc.value("categories", json::array());
  for (const auto& c : categories) {
    storage::KbCategory category;
    category.position = c.value("position", 0);
    const std::string parent = c.value("parent", "");
    if (!parent.empty()) {
      if (!category_ids.count(parent)) return invalid_argument(json_path + ": unknown parent category " + parent);
      category.parent_id = category_ids[parent];
    }
    const json texts = c.value("texts", json::object());
    for (const auto& [lang, t] : texts.items()) {
      const std::string title = t.value("title", "");
      std::string slug = t.value("slug", "");
      category.texts.push_back({lang, title, slug, t.value("description", "")});
    }
    if (Status s = kb.create_category(category); !s.is_ok())
      return invalid_argument(json_path + ": category " + c.value("key", "") + ": " + s.message());
    category_ids[c.value("key", "")] = category.id;
  }

  const json articles = doc.value("articles", json::array());
  for (const auto& a : articles) {
    storage::KbArticle article;
    const std::string key = a.value("category", "");
    if (!category_ids.count(key)) return invalid_argument(json_path + ": article in unknown category " + key);
    article.category_id = category_ids[key];
    article.author_id = author_id;
    article.status = storage::parse_kb_status(a.value("status", "published")).value_or(storage::KbStatus::kDraft);
    const json translations = a.value("translations", json::object());
    for (const auto& [lang, t] : translations.items()) {
      article.translations.push_back(
          make_translation(catalogs, lang, t.value("title", ""), t.value("slug", ""), text_of(t, "body")));
    }
    if (Status s = kb.create_article(article); !s.is_ok())
      return invalid_argument(json_path + ": article " + a.value("/translations/en/title"_json_pointer, "") + ": " +
                              s.message());
    if (const int64_t views = a.value("views", 0); views > 0) {
      if (Status s = kb.add_views({{article.id, views}}); !s.is_ok()) return s;
    }
  }
  return Status::ok();
}

}  // namespace

Status seed_kb_demo(storage::Storage& storage, const i18n::Catalogs& catalogs, const std::string& json_path,
                    int64_t author_id) {
  try {
    return seed(storage, catalogs, json_path, author_id);
  } catch (const nlohmann::json::exception& e) {
    return invalid_argument(json_path + ": " + e.what());
  }
}

}  // namespace deskd::helpcenter
