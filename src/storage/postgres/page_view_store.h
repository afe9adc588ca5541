#pragma once
#include "storage/page_view_store.h"
#include "storage/postgres/database.h"

namespace deskd::storage::postgres {

// PageViewStore over the visitors and page_views tables (migration 0005).
// Thread-safe; `db` must outlive it. Person id 0 is stored as NULL. Nothing
// here bumps a content revision. The batch's visitors are upserted in id order first,
// so batches from several nodes cannot deadlock on visitor rows, each visitor
// once per batch.
class PgPageViewStore final : public PageViewStore {
 public:
  explicit PgPageViewStore(Database& db) : db_(db) {}

  Status record_page_views(const std::vector<PageView>& batch) override;
  Result<std::vector<PageView>> recent_page_views(std::string_view visitor_id, int limit) override;

 private:
  Database& db_;
};

}  // namespace deskd::storage::postgres
