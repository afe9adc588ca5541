#include "storage/sqlite/page_view_store.h"

#include <algorithm>
#include <unordered_map>

namespace deskd::storage::sqlite {
namespace {

Statement& bind_person(Statement& stmt, int index, int64_t person_id) {
  return person_id == 0 ? stmt.bind_null(index) : stmt.bind(index, person_id);
}

}  // namespace

Status SqlitePageViewStore::record_page_views(const std::vector<PageView>& batch) {
  for (const PageView& v : batch) {
    if (v.visitor_id.empty() && v.person_id == 0) return invalid_argument("page view without visitor or person");
    if (v.path.empty()) return invalid_argument("page view without a path");
  }
  if (batch.empty()) return Status::ok();
  return db_.write([&](Connection& c) {
    Result<Statement> visitor = c.prepare(
        "INSERT INTO visitors (id, person_id, created_ms, last_seen_ms) VALUES (?, NULL, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET last_seen_ms = max(last_seen_ms, excluded.last_seen_ms)");
    if (!visitor) return visitor.status();
    Result<Statement> view = c.prepare(
        "INSERT INTO page_views (visitor_id, person_id, path, title, at_ms) VALUES (?1, "
        "coalesce(?2, (SELECT person_id FROM visitors WHERE id = ?1)), ?3, ?4, ?5)");
    if (!view) return view.status();
    // One upsert per visitor of the batch (a reader's views come in runs).
    std::unordered_map<std::string_view, std::pair<int64_t, int64_t>> seen;  // visitor -> (first, last) at_ms
    for (const PageView& v : batch) {
      if (v.visitor_id.empty()) continue;
      auto [it, fresh] = seen.try_emplace(v.visitor_id, v.at_ms, v.at_ms);
      if (!fresh) {
        it->second.first = std::min(it->second.first, v.at_ms);
        it->second.second = std::max(it->second.second, v.at_ms);
      }
    }
    for (const auto& [id, at] : seen) {
      Status s = visitor->bind(1, id).bind(2, at.first).bind(3, at.second).run();
      if (!s.is_ok()) return s;
    }
    for (const PageView& v : batch) {
      if (!v.visitor_id.empty()) {
        view->bind(1, v.visitor_id);
      } else {
        view->bind_null(1);
      }
      bind_person(*view, 2, v.person_id);
      Status s = view->bind(3, v.path).bind(4, v.title).bind(5, v.at_ms).run();
      if (!s.is_ok()) return s;
    }
    return Status::ok();
  });
}

Result<std::vector<PageView>> SqlitePageViewStore::recent_page_views(std::string_view visitor_id, int limit) {
  if (limit < 0) return invalid_argument("limit must not be negative");
  return query_rows(
      db_,
      "SELECT " + std::string(kPageViewColumns) +
          " FROM page_views WHERE visitor_id = ? "
          "ORDER BY at_ms DESC, id DESC LIMIT ?",
      [&](Statement& s) { s.bind(1, visitor_id).bind(2, int64_t{limit}); }, &read_page_view);
}

}  // namespace deskd::storage::sqlite
