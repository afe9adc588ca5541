// Personal-data handler of ticket deflections: a visitor (dp_v) opened an
// article the new-ticket form suggested. Like page views, they are kept for
// privacy.visitor_retention_days. (ticket_milestones holds only a ticket id
// and times: nothing personal.)
#include "storage/personal/match.h"
#include "storage/personal/personal_data.h"

namespace deskd::storage::personal {

std::unique_ptr<Handler> deflection_handler() {
  return make_table_handler({
      .name = "ticket_deflections",
      .exports = {{"deflections",
                   "SELECT id, visitor_id, article_id, opened_ms FROM ticket_deflections "
                   "WHERE " DESKD_VISITOR_MATCH("visitor_id") " AND id > ?5 ORDER BY id LIMIT ?6",
                   {{"visitor_id", Kind::kText}, {"article_id", Kind::kInt}, {"opened_ms", Kind::kInt}}}},
      .erase = {{"ticket_deflections", "DELETE FROM ticket_deflections WHERE " DESKD_VISITOR_MATCH("visitor_id")}},
      .prune = {{"ticket_deflections", "DELETE FROM ticket_deflections WHERE opened_ms < ?1"}},
  });
}

}  // namespace deskd::storage::personal
