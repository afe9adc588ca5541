#pragma once
#include "storage/page_view_store.h"
#include "storage/sqlite/database.h"

namespace deskd::storage::sqlite {

// PageViewStore over the visitors and page_views tables (migration 0005).
// Thread-safe; `db` must outlive it. Person id 0 is stored as NULL. Nothing
// here bumps a content revision.
class SqlitePageViewStore final : public PageViewStore {
 public:
  explicit SqlitePageViewStore(Database& db) : db_(db) {}

  Status record_page_views(const std::vector<PageView>& batch) override;
  Result<std::vector<PageView>> recent_page_views(std::string_view visitor_id, int limit) override;

 private:
  Database& db_;
};

}  // namespace deskd::storage::sqlite
