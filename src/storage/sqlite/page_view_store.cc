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
    // One upsert per visitor of the batch (a reader's views come in runs); it
    // also gives the person the visitor is attached to, which the visitor's
    // views without a person id of their own take.
    Result<Statement> visitor = c.prepare(
        "INSERT INTO visitors (id, person_id, created_ms, last_seen_ms) VALUES (?, NULL, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET last_seen_ms = max(last_seen_ms, excluded.last_seen_ms) RETURNING person_id");
    if (!visitor) return visitor.status();
    Result<Statement> view =
        c.prepare("INSERT INTO page_views (visitor_id, person_id, path, title, at_ms) VALUES (?, ?, ?, ?, ?)");
    if (!view) return view.status();
    struct Seen {
      int64_t first_ms, last_ms, person_id = 0;
    };
    std::unordered_map<std::string_view, Seen> seen;
    for (const PageView& v : batch) {
      if (v.visitor_id.empty()) continue;
      auto [it, fresh] = seen.try_emplace(v.visitor_id, Seen{v.at_ms, v.at_ms});
      if (!fresh) {
        it->second.first_ms = std::min(it->second.first_ms, v.at_ms);
        it->second.last_ms = std::max(it->second.last_ms, v.at_ms);
      }
    }
    for (auto& [id, at] : seen) {
      Result<bool> row = visitor->bind(1, id).bind(2, at.first_ms).bind(3, at.last_ms).step();
      if (!row) return row.status();
      if (*row && !visitor->column_is_null(0)) at.person_id = visitor->column_int64(0);
      visitor->reset();
    }
    for (const PageView& v : batch) {
      int64_t person_id = v.person_id;
      if (!v.visitor_id.empty()) {
        view->bind(1, v.visitor_id);
        if (person_id == 0) person_id = seen.at(v.visitor_id).person_id;
      } else {
        view->bind_null(1);
      }
      bind_person(*view, 2, person_id);
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
