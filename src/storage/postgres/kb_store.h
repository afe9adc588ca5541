#pragma once
#include "storage/kb_store.h"
#include "storage/postgres/content_revision_store.h"
#include "storage/postgres/database.h"

namespace deskd::storage::postgres {

// KbStore over kb_categories, kb_category_texts, kb_articles and
// kb_translations (migration 0004). Thread-safe; `db` must outlive it.
// created_ms/updated_ms come from the Database's clock. Same contract as
// sqlite::SqliteKbStore.
//
// Search: kb_translations.search holds kb_tsvector(title, body_text)
// (kb_text.h), written with every insert/update of a translation; a query
// becomes a tsquery of folded prefix terms (a parameter, never SQL text),
// ranked by ts_rank with the title weighing four times the body, ties by
// article id; titles and snippets are marked in C++ by the same folding.
//
// Every write except add_views bumps the knowledge-base revision through
// `revisions` (which must outlive the store) in its own transaction.
// published() reads in one REPEATABLE READ snapshot.
//
// Concurrency: category moves take an advisory transaction lock so two
// concurrent moves cannot build a cycle; update_article locks its article row.
class PgKbStore final : public KbStore {
 public:
  PgKbStore(Database& db, PgContentRevisions& revisions) : db_(db), revisions_(revisions) {}

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
  // Database::write that also bumps the knowledge-base revision.
  Status write(const std::function<Status(Connection&)>& fn);

  Database& db_;
  PgContentRevisions& revisions_;
};

}  // namespace deskd::storage::postgres
