#include "storage/postgres/session_store.h"

#include <algorithm>

namespace deskd::storage::postgres {
namespace {

const std::string kSelect = "SELECT " + std::string(kSessionColumns) + " FROM sessions ";

std::string read_id_hash(const Statement& stmt) {
  return stmt.column_text(0);
}

}  // namespace

Status PgSessionStore::insert(SessionRecord& record) {
  Result<int64_t> row_id = insert_returning_id(
      db_,
      "INSERT INTO sessions (id_hash, interface, person_id, via_remember, created_ms, last_seen_ms, ip, user_agent, "
      "data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING row_id",
      [&](Statement& s) {
        s.bind(1, record.id_hash)
            .bind(2, std::string_view(session_interface_name(record.interface)))
            .bind(3, record.person_id)
            .bind_bool(4, record.via_remember)
            .bind(5, record.created_ms)
            .bind(6, record.last_seen_ms)
            .bind(7, record.ip)
            .bind(8, record.user_agent)
            .bind(9, record.data);
      });
  if (row_id.status().code() == Code::kConflict) return conflict("session id hash already exists");
  if (!row_id) return row_id.status();
  record.row_id = *row_id;
  return Status::ok();
}

Result<SessionRecord> PgSessionStore::find(std::string_view id_hash) {
  return query_one(
      db_, std::string(kSelect) + "WHERE id_hash = $1", [&](Statement& s) { s.bind(1, id_hash); }, &read_session,
      "no such session");
}

Status PgSessionStore::update_data(std::string_view id_hash, std::string_view data) {
  return change_one(
      db_, "UPDATE sessions SET data = $1 WHERE id_hash = $2", [&](Statement& s) { s.bind(1, data).bind(2, id_hash); },
      "no such session");
}

Status PgSessionStore::touch_many(const std::vector<std::pair<std::string, int64_t>>& id_hash_last_seen) {
  if (id_hash_last_seen.empty()) return Status::ok();
  std::vector<const std::pair<std::string, int64_t>*> ordered;
  ordered.reserve(id_hash_last_seen.size());
  for (const auto& entry : id_hash_last_seen) ordered.push_back(&entry);
  std::sort(ordered.begin(), ordered.end(), [](auto* a, auto* b) { return a->first < b->first; });
  return db_.write([&](Connection& c) {
    Result<Statement> stmt =
        c.prepare("UPDATE sessions SET last_seen_ms = GREATEST(last_seen_ms, $1) WHERE id_hash = $2");
    if (!stmt) return stmt.status();
    for (const auto* entry : ordered) {
      Status s = stmt->bind(1, entry->second).bind(2, entry->first).run();
      if (!s.is_ok()) return s;
    }
    return Status::ok();
  });
}

Status PgSessionStore::remove(std::string_view id_hash) {
  return change_one(
      db_, "DELETE FROM sessions WHERE id_hash = $1", [&](Statement& s) { s.bind(1, id_hash); }, "no such session");
}

Status PgSessionStore::remove_by_row_id(int64_t row_id) {
  return change_one(
      db_, "DELETE FROM sessions WHERE row_id = $1", [&](Statement& s) { s.bind(1, row_id); }, "no such session");
}

Result<std::vector<std::string>> PgSessionStore::remove_by_person(int64_t person_id, std::string_view keep_id_hash) {
  if (person_id == 0) return invalid_argument("remove_by_person needs a person, not the anonymous id 0");
  return query_rows(
      db_, "DELETE FROM sessions WHERE person_id = $1 AND id_hash <> $2 RETURNING id_hash",
      [&](Statement& s) { s.bind(1, person_id).bind(2, keep_id_hash); }, &read_id_hash);
}

Result<std::vector<SessionRecord>> PgSessionStore::list_by_person(int64_t person_id) {
  return query_rows(
      db_, std::string(kSelect) + "WHERE person_id = $1 ORDER BY last_seen_ms DESC, row_id DESC",
      [&](Statement& s) { s.bind(1, person_id); }, &read_session);
}

Result<std::vector<SessionRecord>> PgSessionStore::list_all(int limit, int offset) {
  if (limit < 0 || offset < 0) return invalid_argument("limit and offset must not be negative");
  return query_rows(
      db_, std::string(kSelect) + "ORDER BY last_seen_ms DESC, row_id DESC LIMIT $1 OFFSET $2",
      [&](Statement& s) { s.bind(1, int64_t{limit}).bind(2, int64_t{offset}); }, &read_session);
}

Result<std::vector<std::string>> PgSessionStore::remove_expired(SessionInterface interface, int64_t idle_cutoff_ms,
                                                                int64_t absolute_cutoff_ms) {
  return query_rows(
      db_, "DELETE FROM sessions WHERE interface = $1 AND (last_seen_ms < $2 OR created_ms < $3) RETURNING id_hash",
      [&](Statement& s) {
        s.bind(1, std::string_view(session_interface_name(interface)))
            .bind(2, idle_cutoff_ms)
            .bind(3, absolute_cutoff_ms);
      },
      &read_id_hash);
}

Result<int64_t> PgSessionStore::count() {
  return query_int(db_, "SELECT count(*) FROM sessions", [](Statement&) {});
}

}  // namespace deskd::storage::postgres
