#pragma once
#include "storage/insight_store.h"
#include "storage/postgres/database.h"

namespace deskd::storage::postgres {

// InsightStore over the tables of migration 0014 (ticket_search is a tsvector with a GIN index) and
// the ticket, people, chat and engagement tables it reads. Thread-safe; `db`
// must outlive it. The contract is the one documented on InsightStore.
class PgInsightStore final : public InsightStore {
 public:
  explicit PgInsightStore(Database& db) : db_(db) {}

  Result<std::vector<Ticket>> search_tickets(const TicketSearch& search) override;
  Result<std::vector<DirectoryEntry>> directory(const DirectoryQuery& query) override;
  Result<std::vector<Comment>> comments_by_person(int64_t person_id, int limit) override;
  Result<std::vector<PageView>> page_views_for_person(int64_t person_id, int limit) override;
  Status merge_people(int64_t keep_id, int64_t merged_id) override;
  Result<std::vector<TicketTimes>> ticket_times(int64_t from_ms, int64_t to_ms) override;
  Result<std::vector<int64_t>> resolutions(int64_t from_ms, int64_t to_ms) override;
  Result<std::vector<int64_t>> chats_answered(int64_t from_ms, int64_t to_ms) override;
  Status record_deflection(std::string_view visitor_id, int64_t article_id, int64_t opened_ms) override;
  Result<DeflectionCounts> deflections(int64_t from_ms, int64_t to_ms) override;

 private:
  Database& db_;
};

}  // namespace deskd::storage::postgres
