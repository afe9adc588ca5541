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
  // visitor id -> its first view in the batch, its newest, and the person it is attached to.
  struct Seen {
    int64_t first_ms, last_ms, person_id = 0;
  };
  std::map<std::string_view, Seen> visitors;
  for (const PageView& v : batch) {
    if (v.visitor_id.empty()) continue;
    auto [it, inserted] = visitors.try_emplace(v.visitor_id, Seen{v.at_ms, v.at_ms});
    if (!inserted) it->second.last_ms = std::max(it->second.last_ms, v.at_ms);
  }
  return db_.write([&](Connection& c) {
    // One upsert per visitor; it also gives the person the visitor is attached
    // to, which the visitor's views without a person id of their own take.
    Result<Statement> visitor = c.prepare(
        "INSERT INTO visitors (id, person_id, created_ms, last_seen_ms) VALUES ($1, NULL, $2, $3) "
        "ON CONFLICT (id) DO UPDATE SET last_seen_ms = GREATEST(visitors.last_seen_ms, excluded.last_seen_ms) "
        "RETURNING person_id");
    if (!visitor) return visitor.status();
    for (auto& [id, seen] : visitors) {
      Result<bool> row = visitor->bind(1, id).bind(2, seen.first_ms).bind(3, seen.last_ms).step();
      if (!row) return row.status();
      if (*row && !visitor->column_is_null(0)) seen.person_id = visitor->column_int64(0);
      visitor->reset();
    }
    Result<Statement> view =
        c.prepare("INSERT INTO page_views (visitor_id, person_id, path, title, at_ms) VALUES ($1, $2, $3, $4, $5)");
    if (!view) return view.status();
    for (const PageView& v : batch) {
      int64_t person_id = v.person_id;
      if (!v.visitor_id.empty()) {
        view->bind(1, v.visitor_id);
        if (person_id == 0) person_id = visitors.at(v.visitor_id).person_id;
      } else {
        view->bind_null(1);
      }
      bind_person(*view, 2, person_id);
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
