#pragma once
#include "storage/kb_store.h"
#include "storage/sqlite/content_revision_store.h"
#include "storage/sqlite/database.h"

namespace deskd::storage::sqlite {

// KbStore over kb_categories, kb_category_texts, kb_articles, kb_translations
// and the kb_fts index (migration 0004). Thread-safe; `db` must outlive it.
// created_ms/updated_ms come from the Database's clock. Search uses the
// deskd_fold tokenizer (kb_fold_tokenizer.h); an FTS error while matching
// gives an empty result, never a failure. Writes bump the knowledge-base
// revision through `revisions`, which must outlive the store.
class SqliteKbStore final : public KbStore {
 public:
  SqliteKbStore(Database& db, SqliteContentRevisions& revisions) : db_(db), revisions_(revisions) {}

  Status create_category(KbCategory& category) override;
  Status update_category(const KbCategory& category) override;
  Result<KbCategory> find_category(int64_t id) override;
  Result<KbCategory> find_category_by_slug(std::string_view lang, std::string_view slug) override;
  Result<std::vector<KbCategory>> list_categories() override;

  Status create_article(KbArticle& article) override;
  Status update_article(const KbArticle& article) override;
  Status set_status(int64_t id, KbStatus status) override;
  Result<KbArticle> find_article(int64_t id) override;
  Result<std::vector<KbArticle>> list_articles(const KbArticleQuery& query) override;

  Result<std::vector<KbSearchHit>> search(std::string_view lang, std::string_view query, int limit,
                                          int offset) override;
  Status add_views(const std::vector<KbViewCount>& views) override;

  Result<KbPublished> published() override;
  Result<std::vector<KbViewCount>> published_view_counts() override;

 private:
  Status write(const std::function<Status(Connection&)>& fn);

  Database& db_;
  SqliteContentRevisions& revisions_;
};

// The FTS5 MATCH expression for a visitor's query: every word (a run of ASCII
// letters/digits or non-ASCII bytes) quoted as a prefix phrase, at most 16
// words; "" when the query has no word.
std::string kb_match_expression(std::string_view query);

}  // namespace deskd::storage::sqlite
