#include "storage/sqlite/audit_store.h"

namespace deskd::storage::sqlite {
Status SqliteAuditStore::append(const AuditEvent& event) {
  return db_.write([&](Connection& c) {
    Result<Statement> stmt =
        c.prepare("INSERT INTO audit_log (at_ms, event, person_id, email, ip, detail) VALUES (?, ?, ?, ?, ?, ?)");
    if (!stmt) return stmt.status();
    return stmt->bind(1, event.at_ms)
        .bind(2, event.event)
        .bind(3, event.person_id)
        .bind(4, event.email)
        .bind(5, event.ip)
        .bind(6, event.detail)
        .run();
  });
}

Result<std::vector<AuditEvent>> SqliteAuditStore::list(const AuditFilter& filter) {
  if (filter.limit < 1) return invalid_argument("audit list limit must be at least 1");
  // At most 16 distinct SQL texts, each cached per connection.
  std::string sql = "SELECT " + std::string(kAuditEventColumns) + " FROM audit_log WHERE 1";
  if (filter.person_id) sql += " AND person_id = ?";
  if (filter.event) sql += " AND event = ?";
  if (filter.since_ms) sql += " AND at_ms >= ?";
  if (filter.until_ms) sql += " AND at_ms < ?";
  sql += " ORDER BY at_ms DESC, id DESC LIMIT ?";

  return query_rows(
      db_, sql,
      [&](Statement& s) {
        int index = 1;
        if (filter.person_id) s.bind(index++, *filter.person_id);
        if (filter.event) s.bind(index++, std::string_view(*filter.event));
        if (filter.since_ms) s.bind(index++, *filter.since_ms);
        if (filter.until_ms) s.bind(index++, *filter.until_ms);
        s.bind(index, int64_t{filter.limit});
      },
      &read_audit_event);
}

}  // namespace deskd::storage::sqlite
