#include "helpcenter/kb_snapshot.h"

#include <algorithm>
#include <atomic>
#include <set>

#include "helpcenter/markdown.h"

namespace deskd::helpcenter {
namespace {

std::atomic<uint64_t> next_generation{1};

bool has_directive(std::string_view markdown) {
  return markdown.find(kCookieTableLine) != std::string_view::npos;
}

}  // namespace

std::shared_ptr<const std::string> KbArticleEntry::body_html(const storage::KbTranslation& translation,
                                                             std::string_view page_lang,
                                                             const i18n::Catalogs& catalogs) const {
  const bool per_page_lang = has_directive(translation.body_md);
  std::string key = translation.lang;
  key += '/';
  if (per_page_lang) key += page_lang;
  std::lock_guard lock(mu_);
  auto it = bodies_.find(key);
  if (it != bodies_.end()) return it->second;
  // Rendered under the lock: the first views of one article wait for one render.
  auto html = std::make_shared<const std::string>(
      render_markdown(translation.body_md, catalogs, per_page_lang ? page_lang : std::string_view(translation.lang)));
  bodies_.emplace(std::move(key), html);
  return html;
}

std::shared_ptr<const KbSnapshot> KbSnapshot::build(storage::KbPublished content) {
  auto snap = std::make_shared<KbSnapshot>();
  snap->revision_ = content.revision;
  snap->generation_ = next_generation.fetch_add(1);
  std::unordered_map<int64_t, int64_t> views;
  for (auto& a : content.articles) {
    if (a.translations.empty()) continue;  // nothing a visitor could read
    const int64_t id = a.id;
    views[id] = a.view_count;
    snap->articles_.emplace(id, std::make_shared<const KbArticleEntry>(std::move(a)));
  }
  snap->tree_.reserve(content.categories.size());
  for (auto& c : content.categories) {
    KbCategoryEntry entry;
    // Parents come before their children.
    auto parent = snap->category_index_.find(c.parent_id);
    entry.depth =
        parent == snap->category_index_.end() ? 0 : std::min(snap->tree_[parent->second].depth + 1, kMaxCategoryDepth);
    entry.category = std::move(c);
    snap->category_index_[entry.category.id] = snap->tree_.size();
    for (const auto& text : entry.category.texts) snap->by_slug_[{text.lang, text.slug}] = snap->tree_.size();
    snap->tree_.push_back(std::move(entry));
  }
  std::vector<const KbArticleEntry*> oldest;
  oldest.reserve(snap->articles_.size());
  for (const auto& [id, entry] : snap->articles_) oldest.push_back(entry.get());
  std::sort(oldest.begin(), oldest.end(), [](const KbArticleEntry* a, const KbArticleEntry* b) {
    const auto &x = a->article(), &y = b->article();
    return x.created_ms != y.created_ms ? x.created_ms < y.created_ms : x.id < y.id;
  });
  for (const KbArticleEntry* a : oldest) {
    auto at = snap->category_index_.find(a->article().category_id);
    if (at == snap->category_index_.end()) continue;
    auto& list = snap->tree_[at->second].articles;
    if (list.size() < kCategoryListSize) list.push_back(a);
  }
  snap->make_lists(views);
  return snap;
}

std::shared_ptr<const KbSnapshot> KbSnapshot::with_views(const std::vector<storage::KbViewCount>& views) const {
  std::unordered_map<int64_t, int64_t> counts = views_;
  for (const auto& v : views) {
    if (auto it = counts.find(v.article_id); it != counts.end()) it->second = v.count;
  }
  auto next = std::make_shared<KbSnapshot>(*this);
  next->generation_ = next_generation.fetch_add(1);
  next->make_lists(counts);
  if (next->popular_ == popular_) return nullptr;
  return next;
}

void KbSnapshot::make_lists(const std::unordered_map<int64_t, int64_t>& views) {
  views_ = views;
  popular_.clear();
  newest_.clear();
  std::set<std::string> langs;
  for (const auto& [id, entry] : articles_)
    for (const auto& t : entry->article().translations) langs.insert(t.lang);
  auto views_of = [&](const KbArticleEntry* e) {
    auto it = views_.find(e->article().id);
    return it == views_.end() ? int64_t{0} : it->second;
  };
  auto newer = [](const KbArticleEntry* a, const KbArticleEntry* b) {
    const auto &x = a->article(), &y = b->article();
    return x.created_ms != y.created_ms ? x.created_ms > y.created_ms : x.id > y.id;
  };
  for (const auto& lang : langs) {
    List all;
    for (const auto& [id, entry] : articles_) {
      if (storage::find_translation(entry->article(), lang)) all.push_back(entry.get());
    }
    const size_t n = std::min(kHomeListSize, all.size());
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(), newer);
    newest_[lang] = List(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n));
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(),
                      [&](const KbArticleEntry* a, const KbArticleEntry* b) {
                        const int64_t va = views_of(a), vb = views_of(b);
                        return va != vb ? va > vb : newer(a, b);
                      });
    popular_[lang] = List(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n));
  }
}

const KbCategoryEntry* KbSnapshot::category(int64_t id) const {
  auto it = category_index_.find(id);
  return it == category_index_.end() ? nullptr : &tree_[it->second];
}

const KbCategoryEntry* KbSnapshot::category_by_slug(std::string_view lang, std::string_view slug) const {
  auto it = by_slug_.find({std::string(lang), std::string(slug)});
  return it == by_slug_.end() ? nullptr : &tree_[it->second];
}

const KbArticleEntry* KbSnapshot::article(int64_t id) const {
  auto it = articles_.find(id);
  return it == articles_.end() ? nullptr : it->second.get();
}

const std::vector<const KbArticleEntry*>& KbSnapshot::popular(std::string_view lang) const {
  static const List kNone;
  auto it = popular_.find(lang);
  return it == popular_.end() ? kNone : it->second;
}

const std::vector<const KbArticleEntry*>& KbSnapshot::newest(std::string_view lang) const {
  static const List kNone;
  auto it = newest_.find(lang);
  return it == newest_.end() ? kNone : it->second;
}

}  // namespace deskd::helpcenter
