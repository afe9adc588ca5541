#pragma once
// The published knowledge base as this node serves it (SPEC §8): categories,
// published articles with every translation, and the lists pages show
// (popular, newest, each category's articles), read from storage in a few
// statements and kept in memory. A change builds a new snapshot
// (content_cache.h); requests keep the one they started with.
//
// Threading: immutable once built, so any thread may read it; the article
// bodies rendered on first use are cached behind a lock.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "i18n/catalog.h"
#include "storage/kb_store.h"

namespace deskd::helpcenter {

inline constexpr size_t kHomeListSize = 5;        // popular and newest articles on the home page
inline constexpr size_t kCategoryListSize = 200;  // articles listed per category
inline constexpr int kMaxCategoryDepth = 3;       // deeper categories are drawn at this depth

// One published article. Shared by successive snapshots while it is unchanged.
class KbArticleEntry {
 public:
  explicit KbArticleEntry(storage::KbArticle article) : article_(std::move(article)) {}
  KbArticleEntry(const KbArticleEntry&) = delete;
  KbArticleEntry& operator=(const KbArticleEntry&) = delete;

  // Translations sorted by lang, body_text empty; view_count as of the read.
  const storage::KbArticle& article() const { return article_; }

  // The safe HTML of `translation` (one of article().translations) on a page
  // in `page_lang`, rendered once: a body with a [[cookie-table]] line once
  // per page language, any other once. Thread-safe.
  std::shared_ptr<const std::string> body_html(const storage::KbTranslation& translation, std::string_view page_lang,
                                               const i18n::Catalogs& catalogs) const;

 private:
  const storage::KbArticle article_;
  mutable std::mutex mu_;
  // "<translation lang>/<page lang>" (page lang empty when it does not matter) -> HTML.
  mutable std::map<std::string, std::shared_ptr<const std::string>, std::less<>> bodies_;  // guarded by mu_
};

struct KbCategoryEntry {
  storage::KbCategory category;                 // texts sorted by lang
  int depth = 0;                                // 0 = top level; at most kMaxCategoryDepth
  std::vector<const KbArticleEntry*> articles;  // published, oldest first, at most kCategoryListSize
};

class KbSnapshot {
 public:
  // Builds the snapshot of `content` (storage::KbStore::published()).
  static std::shared_ptr<const KbSnapshot> build(storage::KbPublished content);

  // This content with popularity taken from `views` (the articles are shared),
  // or nullptr when no popular list would change.
  std::shared_ptr<const KbSnapshot> with_views(const std::vector<storage::KbViewCount>& views) const;

  // The knowledge-base content revision this snapshot was read at.
  int64_t revision() const { return revision_; }
  // Unique per snapshot object in this process (with_views() makes a new one
  // at the same revision): what prepared pages built from it are stamped with.
  uint64_t generation() const { return generation_; }
  // Every category, depth first (each parent before its children, siblings
  // by position then id).
  const std::vector<KbCategoryEntry>& tree() const { return tree_; }
  const KbCategoryEntry* category(int64_t id) const;
  // The category whose slug in `lang` is `slug`, or nullptr.
  const KbCategoryEntry* category_by_slug(std::string_view lang, std::string_view slug) const;
  // A published article, or nullptr.
  const KbArticleEntry* article(int64_t id) const;
  size_t article_count() const { return articles_.size(); }
  // Published articles translated into `lang`, at most kHomeListSize: the
  // most viewed (ties: newest first) and the newest.
  const std::vector<const KbArticleEntry*>& popular(std::string_view lang) const;
  const std::vector<const KbArticleEntry*>& newest(std::string_view lang) const;

 private:
  using List = std::vector<const KbArticleEntry*>;
  void make_lists(const std::unordered_map<int64_t, int64_t>& views);

  int64_t revision_ = 0;
  uint64_t generation_ = 0;
  std::vector<KbCategoryEntry> tree_;
  std::unordered_map<int64_t, size_t> category_index_;             // id -> index in tree_
  std::map<std::pair<std::string, std::string>, size_t> by_slug_;  // (lang, slug) -> index in tree_
  std::unordered_map<int64_t, std::shared_ptr<const KbArticleEntry>> articles_;
  std::unordered_map<int64_t, int64_t> views_;  // article id -> view_count the popular lists follow
  std::map<std::string, List, std::less<>> popular_;
  std::map<std::string, List, std::less<>> newest_;
};

}  // namespace deskd::helpcenter
