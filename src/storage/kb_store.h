#pragma once
// Knowledge-base storage (SPEC §2): categories (nested, ordered) and articles
// with per-language translations, full-text search over the translations
// (ranked, prefix matching, diacritics folded), and article view counters.
//
// Times are Unix milliseconds set by the store from its clock. Slugs are
// stored as given; the caller generates and validates them. Every write except
// add_views bumps the knowledge-base content revision (content_revision.h).
//
// Threading: every call may block; implementations are thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace deskd::storage {

// Search snippets mark each matched term with these private-use characters
// (U+E000, U+E001), which never occur in stored text: the caller escapes the
// snippet for HTML first and only then turns the markers into tags.
inline constexpr std::string_view kKbMarkOpen = "\xEE\x80\x80";
inline constexpr std::string_view kKbMarkClose = "\xEE\x80\x81";

struct KbCategoryText {
  std::string lang;
  std::string title;
  std::string slug;  // unique per language among categories
  std::string description;
};

struct KbCategory {
  int64_t id = 0;
  int64_t parent_id = 0;              // 0 = top level
  int64_t position = 0;               // order among siblings, ascending
  std::vector<KbCategoryText> texts;  // sorted by lang, at most one per lang
};

enum class KbStatus { kDraft, kPublished };
const char* kb_status_name(KbStatus status);  // "draft" | "published"
std::optional<KbStatus> parse_kb_status(std::string_view name);

struct KbTranslation {
  std::string lang;
  std::string title;
  std::string slug;        // need not be unique: article URLs carry the id
  std::string body_md;     // Markdown source
  std::string body_text;   // the body as plain text, indexed for search and snippets
  int64_t updated_ms = 0;  // set by the store when title, slug or body change
};

struct KbArticle {
  int64_t id = 0;
  int64_t category_id = 0;
  int64_t author_id = 0;    // people.id; 0 once the author's account is gone
  std::string author_name;  // read-only: the author's current name
  KbStatus status = KbStatus::kDraft;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
  int64_t view_count = 0;
  std::vector<KbTranslation> translations;  // sorted by lang, at most one per lang
};

// The text of `lang`, or nullptr.
const KbCategoryText* find_text(const KbCategory& category, std::string_view lang);
const KbTranslation* find_translation(const KbArticle& article, std::string_view lang);

enum class KbOrder {
  kOldest,   // created first first (a category's reading order)
  kNewest,   // created last first
  kPopular,  // highest view_count first, then newest
};

struct KbArticleQuery {
  int64_t category_id = 0;  // 0 = every category
  bool published_only = true;
  std::string lang;  // non-empty: only articles translated into lang
  KbOrder order = KbOrder::kOldest;
  int limit = 100;
  int offset = 0;
};

struct KbSearchHit {
  int64_t article_id = 0;
  std::string title;  // with markers around matched terms
  std::string slug;
  std::string snippet;  // an excerpt of body_text with markers; plain text, not HTML
};

struct KbViewCount {
  int64_t article_id = 0;
  int64_t count = 0;
};

// Everything visitors may see of the knowledge base, read at once for a cache.
struct KbPublished {
  // The knowledge-base content revision (content_revision.h), read before the
  // content: the content may be newer than it, never older.
  int64_t revision = 0;
  std::vector<KbCategory> categories;  // as list_categories
  // Every published article, by id, with every translation; body_text empty.
  std::vector<KbArticle> articles;
};

class KbStore {
 public:
  virtual ~KbStore() = default;

  // Fills category.id. InvalidArgument: no text, a text without lang, title or
  // slug, two texts of one lang, an unknown parent. Conflict: a slug already
  // used by another category in that language.
  virtual Status create_category(KbCategory& category) = 0;
  // Replaces parent, position and every text. NotFound when absent; as
  // create_category otherwise, plus InvalidArgument for a parent that is the
  // category itself or one of its descendants.
  virtual Status update_category(const KbCategory& category) = 0;
  virtual Result<KbCategory> find_category(int64_t id) = 0;
  // NotFound unless a category has this slug in this language.
  virtual Result<KbCategory> find_category_by_slug(std::string_view lang, std::string_view slug) = 0;
  // The whole tree, depth first: each parent before its children, siblings by
  // position then id.
  virtual Result<std::vector<KbCategory>> list_categories() = 0;

  // Fills article.id, created_ms, updated_ms and the translations' updated_ms.
  // InvalidArgument: unknown category or author, no translation, a translation
  // without lang, title or slug, two translations of one lang.
  virtual Status create_article(KbArticle& article) = 0;
  // Replaces category, status and translations (languages missing from
  // `article` are removed); keeps author, created_ms and view_count. NotFound
  // when absent; otherwise as create_article.
  virtual Status update_article(const KbArticle& article) = 0;
  virtual Status set_status(int64_t id, KbStatus status) = 0;  // NotFound when absent
  virtual Result<KbArticle> find_article(int64_t id) = 0;
  virtual Result<std::vector<KbArticle>> list_articles(const KbArticleQuery& query) = 0;

  // Published articles translated into `lang` that contain every word of
  // `query` (each word also as a prefix), best bm25 rank first. Any string is
  // a valid query: words are taken from it literally (FTS operators and
  // quotes have no effect); a query without words gives no hits.
  virtual Result<std::vector<KbSearchHit>> search(std::string_view lang, std::string_view query, int limit,
                                                  int offset) = 0;

  // Adds each count to its article's view_count in one transaction; unknown
  // articles and non-positive counts are skipped. Bumps no revision.
  virtual Status add_views(const std::vector<KbViewCount>& views) = 0;

  // Reads for a node's cache of published content (helpcenter/kb_snapshot.h),
  // a few statements however many articles there are.
  virtual Result<KbPublished> published() = 0;
  // view_count of every published article, by id.
  virtual Result<std::vector<KbViewCount>> published_view_counts() = 0;
};

}  // namespace deskd::storage
