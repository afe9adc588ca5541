#include "storage/postgres/page_view_store.h"

#include <algorithm>
#include <map>

namespace deskd::storage::postgres {
namespace {

Statement& bind_person(Statement& stmt, int index, int64_t person_id) {
  return person_id == 0 ? stmt.bind_null(index) : stmt.bind(index, person_id);
}

}  // namespace

Status PgPageViewStore::record_page_views(const std::vector<PageView>& batch) {
  for (const PageView& v : batch) {
    if (v.visitor_id.empty() && v.person_id == 0) return invalid_argument("page view without visitor or person");
    if (v.path.empty()) return invalid_argument("page view without a path");
  }
  if (batch.empty()) return Status::ok();
  // visitor id -> (created_ms: its first view in the batch, newest view).
  std::map<std::string_view, std::pair<int64_t, int64_t>> visitors;
  for (const PageView& v : batch) {
    if (v.visitor_id.empty()) continue;
    auto [it, inserted] = visitors.try_emplace(v.visitor_id, v.at_ms, v.at_ms);
    if (!inserted) it->second.second = std::max(it->second.second, v.at_ms);
  }
  return db_.write([&](Connection& c) {
    Result<Statement> visitor = c.prepare(
        "INSERT INTO visitors (id, person_id, created_ms, last_seen_ms) VALUES ($1, NULL, $2, $3) "
        "ON CONFLICT (id) DO UPDATE SET last_seen_ms = GREATEST(visitors.last_seen_ms, excluded.last_seen_ms)");
    if (!visitor) return visitor.status();
    for (const auto& [id, times] : visitors) {
      if (Status s = visitor->bind(1, id).bind(2, times.first).bind(3, times.second).run(); !s.is_ok()) return s;
    }
    Result<Statement> view = c.prepare(
        "INSERT INTO page_views (visitor_id, person_id, path, title, at_ms) VALUES ($1::text, "
        "coalesce($2::bigint, (SELECT person_id FROM visitors WHERE id = $1::text)), $3, $4, $5)");
    if (!view) return view.status();
    for (const PageView& v : batch) {
      if (!v.visitor_id.empty()) {
        view->bind(1, v.visitor_id);
      } else {
        view->bind_null(1);
      }
      bind_person(*view, 2, v.person_id);
      if (Status s = view->bind(3, v.path).bind(4, v.title).bind(5, v.at_ms).run(); !s.is_ok()) return s;
    }
    return Status::ok();
  });
}

Result<std::vector<PageView>> PgPageViewStore::recent_page_views(std::string_view visitor_id, int limit) {
  if (limit < 0) return invalid_argument("limit must not be negative");
  return query_rows(
      db_,
      "SELECT " + std::string(kPageViewColumns) +
          " FROM page_views WHERE visitor_id = $1 "
          "ORDER BY at_ms DESC, id DESC LIMIT $2",
      [&](Statement& s) { s.bind(1, visitor_id).bind(2, int64_t{limit}); }, &read_page_view);
}

}  // namespace deskd::storage::postgres
