#include "storage/sqlite/insight_store.h"

#include "storage/sqlite/ticket_store.h"

namespace deskd::storage::sqlite {
namespace {

int64_t read_int(const Statement& stmt) {
  return stmt.column_int64(0);
}

TicketTimes read_times(const Statement& stmt) {
  TicketTimes t;
  t.ticket_id = stmt.column_int64(0);
  t.created_ms = stmt.column_int64(1);
  if (!stmt.column_bool(4)) t.first_response_ms = stmt.column_int64(2);
  if (!stmt.column_bool(5)) t.resolved_ms = stmt.column_int64(3);
  return t;
}

Status check_paging(int limit, int offset) {
  if (limit < 0 || offset < 0) return invalid_argument("limit and offset must not be negative");
  return Status::ok();
}

// Escapes LIKE's wildcards; the pattern uses ESCAPE '\'.
std::string like_pattern(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('%');
  return out;
}

}  // namespace

Result<std::vector<Ticket>> SqliteInsightStore::search_tickets(const TicketSearch& q) {
  if (Status s = check_paging(q.limit, q.offset); !s.is_ok()) return s;
  // One FTS5 document per ticket (rowid = ticket id), so every term must
  // occur somewhere in the ticket: quoted strings with the prefix operator,
  // implicitly ANDed (a term holds no quote). The unary + keeps the planner
  // from looking each match up by id: it walks the tickets in the wanted
  // order and stops at the page, probing the set of matching ids.
  std::string match;
  for (const std::string& term : q.terms) {
    if (!valid_search_term(term)) return invalid_argument("not a search term");
    if (!match.empty()) match += ' ';
    match += "\"" + term + "\"*";
  }
  std::string sql(kSelectTicket);
  sql += "WHERE 1 = 1";
  if (!match.empty()) sql += " AND +t.id IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?)";
  if (q.status) sql += " AND t.status = ?";
  sql += " ORDER BY t.updated_ms DESC, t.id DESC LIMIT ? OFFSET ?";
  return query_rows(
      db_, sql,
      [&](Statement& s) {
        int i = 1;
        if (!match.empty()) s.bind(i++, match);
        if (q.status) s.bind(i++, std::string_view(ticket_status_name(*q.status)));
        s.bind(i, int64_t{q.limit}).bind(i + 1, int64_t{q.offset});
      },
      &read_ticket);
}

Result<std::vector<DirectoryEntry>> SqliteInsightStore::directory(const DirectoryQuery& q) {
  if (Status s = check_paging(q.limit, q.offset); !s.is_ok()) return s;
  std::vector<DirectoryEntry> rows;
  const bool filtered = !q.text.empty();
  const std::string pattern = like_pattern(q.text);
  std::string sql =
      "SELECT p.id, p.email, p.name, p.role, p.disabled, p.created_ms, "
      "(SELECT count(*) FROM tickets t WHERE t.person_id = p.id) FROM people p ";
  if (filtered) sql += "WHERE p.email LIKE ?1 ESCAPE '\\' OR p.name LIKE ?1 ESCAPE '\\' ";
  sql += "ORDER BY substr(p.email, instr(p.email, '@') + 1), p.email LIMIT ?2 OFFSET ?3";
  Status status = for_each_row(
      db_, sql,
      [&](Statement& s) {
        if (filtered) s.bind(1, pattern);
        s.bind(2, int64_t{q.limit}).bind(3, int64_t{q.offset});
      },
      [&](const Statement& row) {
        DirectoryEntry e;
        e.person.id = row.column_int64(0);
        e.person.email = row.column_text(1);
        e.person.name = row.column_text(2);
        if (Status s = read_stored_enum(row, 3, &parse_role, "people", e.person.id, "role", e.person.role); !s.is_ok())
          return s;
        e.person.disabled = row.column_bool(4);
        e.person.created_ms = row.column_int64(5);
        e.tickets = row.column_int64(6);
        rows.push_back(std::move(e));
        return Status::ok();
      });
  if (!status.is_ok()) return status;
  return rows;
}

Result<std::vector<Comment>> SqliteInsightStore::comments_by_person(int64_t person_id, int limit) {
  if (Status s = check_paging(limit, 0); !s.is_ok()) return s;
  return query_rows(
      db_,
      "SELECT " + std::string(kCommentColumns) +
          " FROM comments WHERE person_id = ? ORDER BY created_ms DESC, id DESC LIMIT ?",
      [&](Statement& s) { s.bind(1, person_id).bind(2, int64_t{limit}); }, &read_comment);
}

Result<std::vector<PageView>> SqliteInsightStore::page_views_for_person(int64_t person_id, int limit) {
  if (Status s = check_paging(limit, 0); !s.is_ok()) return s;
  return query_rows(
      db_,
      "SELECT " + std::string(kPageViewColumns) +
          " FROM page_views WHERE person_id = ?1 "
          "UNION SELECT " +
          std::string(kPageViewColumns) +
          " FROM page_views WHERE visitor_id IN "
          "(SELECT id FROM visitors WHERE person_id = ?1) ORDER BY at_ms DESC, id DESC LIMIT ?2",
      [&](Statement& s) { s.bind(1, person_id).bind(2, int64_t{limit}); }, &read_page_view);
}

Status SqliteInsightStore::merge_people(int64_t keep_id, int64_t merged_id) {
  if (keep_id == merged_id) return invalid_argument("a person cannot be merged into themselves");
  return db_.write([&](Connection& c) {
    for (int64_t id : {keep_id, merged_id}) {
      Result<bool> there = row_exists(c, "SELECT 1 FROM people WHERE id = ?", id);
      if (!there) return there.status();
      if (!*there) return not_found("no such person");
    }
    const std::string keep_voter = "p:" + std::to_string(keep_id);
    const std::string merged_voter = "p:" + std::to_string(merged_id);
    struct Step {
      const char* sql;
      bool voters;  // ?3/?4 are the voter keys
    };
    static constexpr Step kSteps[] = {
        {"UPDATE tickets SET person_id = ?1 WHERE person_id = ?2", false},
        {"UPDATE tickets SET person_id = ?1 WHERE person_id IS NULL AND requester_email = "
         "(SELECT email FROM people WHERE id = ?2)",
         false},
        {"UPDATE ticket_messages SET author_id = ?1 WHERE author_id = ?2", false},
        {"UPDATE chats SET person_id = ?1 WHERE person_id = ?2", false},
        {"UPDATE comments SET person_id = ?1 WHERE person_id = ?2", false},
        {"UPDATE comments SET voter = ?3 WHERE voter = ?4", true},
        {"DELETE FROM votes WHERE voter = ?4 AND article_id IN (SELECT article_id FROM votes WHERE voter = ?3)", true},
        {"UPDATE votes SET voter = ?3, person_id = ?1 WHERE voter = ?4", true},
        {"UPDATE votes SET person_id = ?1 WHERE person_id = ?2", false},
        {"UPDATE page_views SET person_id = ?1 WHERE person_id = ?2", false},
        {"UPDATE visitors SET person_id = ?1 WHERE person_id = ?2", false},
        {"UPDATE people SET disabled = 1 WHERE id = ?2", false},
    };
    for (const Step& step : kSteps) {
      Result<Statement> stmt = c.prepare(step.sql);
      if (!stmt) return stmt.status();
      stmt->bind(1, keep_id).bind(2, merged_id);
      if (step.voters) stmt->bind(3, keep_voter).bind(4, merged_voter);
      if (Status s = stmt->run(); !s.is_ok()) return s;
    }
    return Status::ok();
  });
}

Result<std::vector<TicketTimes>> SqliteInsightStore::ticket_times(int64_t from_ms, int64_t to_ms) {
  return query_rows(
      db_,
      "SELECT t.id, t.created_ms, m.first_response_ms, m.resolved_ms, m.first_response_ms IS NULL, "
      "m.resolved_ms IS NULL FROM tickets t LEFT JOIN ticket_milestones m ON m.ticket_id = t.id "
      "WHERE t.created_ms >= ? AND t.created_ms < ? ORDER BY t.created_ms, t.id",
      [&](Statement& s) { s.bind(1, from_ms).bind(2, to_ms); }, &read_times);
}

Result<std::vector<int64_t>> SqliteInsightStore::resolutions(int64_t from_ms, int64_t to_ms) {
  return query_rows(
      db_, "SELECT resolved_ms FROM ticket_milestones WHERE resolved_ms >= ? AND resolved_ms < ? ORDER BY resolved_ms",
      [&](Statement& s) { s.bind(1, from_ms).bind(2, to_ms); }, &read_int);
}

Result<std::vector<int64_t>> SqliteInsightStore::chats_answered(int64_t from_ms, int64_t to_ms) {
  return query_rows(
      db_, "SELECT accepted_ms FROM chats WHERE accepted_ms >= ? AND accepted_ms < ? ORDER BY accepted_ms",
      [&](Statement& s) { s.bind(1, from_ms).bind(2, to_ms); }, &read_int);
}

Status SqliteInsightStore::record_deflection(std::string_view visitor_id, int64_t article_id, int64_t opened_ms) {
  if (visitor_id.empty()) return invalid_argument("a deflection needs a visitor");
  Result<int64_t> id =
      insert_row(db_, "INSERT INTO ticket_deflections (visitor_id, article_id, opened_ms) VALUES (?, ?, ?)",
                 [&](Statement& s) { s.bind(1, visitor_id).bind(2, article_id).bind(3, opened_ms); });
  return id.status();
}

Result<DeflectionCounts> SqliteInsightStore::deflections(int64_t from_ms, int64_t to_ms) {
  DeflectionCounts counts;
  Status status = for_each_row(
      db_,
      "SELECT count(*), coalesce(sum(NOT EXISTS (SELECT 1 FROM tickets t WHERE t.visitor_id = d.visitor_id "
      "AND t.created_ms >= d.first_ms)), 0) FROM (SELECT visitor_id, min(opened_ms) AS first_ms "
      "FROM ticket_deflections WHERE opened_ms >= ? AND opened_ms < ? GROUP BY visitor_id) d",
      [&](Statement& s) { s.bind(1, from_ms).bind(2, to_ms); },
      [&](const Statement& row) {
        counts.visitors = row.column_int64(0);
        counts.deflected = row.column_int64(1);
        return Status::ok();
      });
  if (!status.is_ok()) return status;
  return counts;
}

}  // namespace deskd::storage::sqlite
