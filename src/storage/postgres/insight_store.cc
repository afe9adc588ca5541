#include "storage/postgres/insight_store.h"

#include "storage/postgres/ticket_store.h"

namespace deskd::storage::postgres {
namespace {

int64_t read_int(const Statement& stmt) {
  return stmt.column_int64(0);
}

TicketTimes read_times(const Statement& stmt) {
  TicketTimes t;
  t.ticket_id = stmt.column_int64(0);
  t.created_ms = stmt.column_int64(1);
  if (!stmt.column_is_null(2)) t.first_response_ms = stmt.column_int64(2);
  if (!stmt.column_is_null(3)) t.resolved_ms = stmt.column_int64(3);
  return t;
}

Status check_paging(int limit, int offset) {
  if (limit < 0 || offset < 0) return invalid_argument("limit and offset must not be negative");
  return Status::ok();
}

// Escapes LIKE's wildcards (PostgreSQL's default escape character is '\').
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

Result<std::vector<Ticket>> PgInsightStore::search_tickets(const TicketSearch& q) {
  if (Status s = check_paging(q.limit, q.offset); !s.is_ok()) return s;
  std::string sql(kSelectTicket);
  sql += "WHERE TRUE";
  std::vector<std::string> matches;
  int param = 1;
  for (const std::string& term : q.terms) {
    if (!valid_search_term(term)) return invalid_argument("not a search term");
    // A quoted tsquery lexeme with the prefix flag: the term holds no quote.
    matches.push_back("'" + term + "':*");
    sql += " AND t.id IN (SELECT ticket_id FROM ticket_search WHERE doc @@ to_tsquery('simple', $" +
           std::to_string(param++) + "))";
  }
  if (q.status) sql += " AND t.status = $" + std::to_string(param++);
  sql += " ORDER BY t.updated_ms DESC, t.id DESC LIMIT $" + std::to_string(param) + " OFFSET $" +
         std::to_string(param + 1);
  return query_rows(
      db_, sql,
      [&](Statement& s) {
        int i = 1;
        for (const std::string& m : matches) s.bind(i++, m);
        if (q.status) s.bind(i++, std::string_view(ticket_status_name(*q.status)));
        s.bind(i, int64_t{q.limit}).bind(i + 1, int64_t{q.offset});
      },
      &read_ticket);
}

Result<std::vector<DirectoryEntry>> PgInsightStore::directory(const DirectoryQuery& q) {
  if (Status s = check_paging(q.limit, q.offset); !s.is_ok()) return s;
  std::vector<DirectoryEntry> rows;
  const bool filtered = !q.text.empty();
  std::string sql =
      "SELECT p.id, p.email, p.name, p.role, p.disabled, p.created_ms, "
      "(SELECT count(*) FROM tickets t WHERE t.person_id = p.id) FROM people p ";
  if (filtered) sql += "WHERE p.email ILIKE $3 OR p.name ILIKE $3 ";
  sql += "ORDER BY split_part(p.email, '@', 2), p.email LIMIT $1 OFFSET $2";
  Status status = for_each_row(
      db_, sql,
      [&](Statement& s) {
        s.bind(1, int64_t{q.limit}).bind(2, int64_t{q.offset});
        if (filtered) s.bind(3, like_pattern(q.text));
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

Result<std::vector<Comment>> PgInsightStore::comments_by_person(int64_t person_id, int limit) {
  if (Status s = check_paging(limit, 0); !s.is_ok()) return s;
  return query_rows(
      db_,
      "SELECT " + std::string(kCommentColumns) +
          " FROM comments WHERE person_id = $1 ORDER BY created_ms DESC, id DESC LIMIT $2",
      [&](Statement& s) { s.bind(1, person_id).bind(2, int64_t{limit}); }, &read_comment);
}

Result<std::vector<PageView>> PgInsightStore::page_views_for_person(int64_t person_id, int limit) {
  if (Status s = check_paging(limit, 0); !s.is_ok()) return s;
  return query_rows(
      db_,
      "SELECT " + std::string(kPageViewColumns) +
          " FROM page_views WHERE person_id = $1 "
          "UNION SELECT " +
          std::string(kPageViewColumns) +
          " FROM page_views WHERE visitor_id IN "
          "(SELECT id FROM visitors WHERE person_id = $1) ORDER BY at_ms DESC, id DESC LIMIT $2",
      [&](Statement& s) { s.bind(1, person_id).bind(2, int64_t{limit}); }, &read_page_view);
}

Status PgInsightStore::merge_people(int64_t keep_id, int64_t merged_id) {
  if (keep_id == merged_id) return invalid_argument("a person cannot be merged into themselves");
  return db_.write([&](Connection& c) {
    for (int64_t id : {keep_id, merged_id}) {
      Result<bool> there = row_exists(c, "SELECT 1 FROM people WHERE id = $1", id);
      if (!there) return there.status();
      if (!*there) return not_found("no such person");
    }
    const std::string keep_voter = "p:" + std::to_string(keep_id);
    const std::string merged_voter = "p:" + std::to_string(merged_id);
    struct Step {
      const char* sql;
      bool voters;  // $1/$2 are the voter keys, else the person ids
    };
    static constexpr Step kSteps[] = {
        {"UPDATE tickets SET person_id = $1 WHERE person_id = $2", false},
        {"UPDATE tickets SET person_id = $1 WHERE person_id IS NULL AND lower(requester_email) = "
         "(SELECT email FROM people WHERE id = $2)",
         false},
        {"UPDATE ticket_messages SET author_id = $1 WHERE author_id = $2", false},
        {"UPDATE chats SET person_id = $1 WHERE person_id = $2", false},
        {"UPDATE comments SET person_id = $1 WHERE person_id = $2", false},
        {"UPDATE comments SET voter = $1 WHERE voter = $2", true},
        {"DELETE FROM votes WHERE voter = $2 AND article_id IN (SELECT article_id FROM votes WHERE voter = $1)", true},
        {"UPDATE votes SET voter = $1 WHERE voter = $2", true},
        {"UPDATE votes SET person_id = $1 WHERE person_id = $2", false},
        {"UPDATE page_views SET person_id = $1 WHERE person_id = $2", false},
        {"UPDATE visitors SET person_id = $1 WHERE person_id = $2", false},
        {"UPDATE people SET disabled = TRUE WHERE id = $2 AND $1 <> $2", false},
    };
    for (const Step& step : kSteps) {
      Result<Statement> stmt = c.prepare(step.sql);
      if (!stmt) return stmt.status();
      if (step.voters) {
        stmt->bind(1, keep_voter).bind(2, merged_voter);
      } else {
        stmt->bind(1, keep_id).bind(2, merged_id);
      }
      if (Status s = stmt->run(); !s.is_ok()) return s;
    }
    return Status::ok();
  });
}

Result<std::vector<TicketTimes>> PgInsightStore::ticket_times(int64_t from_ms, int64_t to_ms) {
  return query_rows(
      db_,
      "SELECT t.id, t.created_ms, m.first_response_ms, m.resolved_ms FROM tickets t "
      "LEFT JOIN ticket_milestones m ON m.ticket_id = t.id "
      "WHERE t.created_ms >= $1 AND t.created_ms < $2 ORDER BY t.created_ms, t.id",
      [&](Statement& s) { s.bind(1, from_ms).bind(2, to_ms); }, &read_times);
}

Result<std::vector<int64_t>> PgInsightStore::resolutions(int64_t from_ms, int64_t to_ms) {
  return query_rows(
      db_,
      "SELECT resolved_ms FROM ticket_milestones WHERE resolved_ms >= $1 AND resolved_ms < $2 ORDER BY resolved_ms",
      [&](Statement& s) { s.bind(1, from_ms).bind(2, to_ms); }, &read_int);
}

Result<std::vector<int64_t>> PgInsightStore::chats_answered(int64_t from_ms, int64_t to_ms) {
  return query_rows(
      db_, "SELECT accepted_ms FROM chats WHERE accepted_ms >= $1 AND accepted_ms < $2 ORDER BY accepted_ms",
      [&](Statement& s) { s.bind(1, from_ms).bind(2, to_ms); }, &read_int);
}

Status PgInsightStore::record_deflection(std::string_view visitor_id, int64_t article_id, int64_t opened_ms) {
  if (visitor_id.empty()) return invalid_argument("a deflection needs a visitor");
  Result<int64_t> id = insert_returning_id(
      db_, "INSERT INTO ticket_deflections (visitor_id, article_id, opened_ms) VALUES ($1, $2, $3) RETURNING id",
      [&](Statement& s) { s.bind(1, visitor_id).bind(2, article_id).bind(3, opened_ms); });
  return id.status();
}

Result<DeflectionCounts> PgInsightStore::deflections(int64_t from_ms, int64_t to_ms) {
  DeflectionCounts counts;
  Status status = for_each_row(
      db_,
      "SELECT count(*), coalesce(sum(CASE WHEN EXISTS (SELECT 1 FROM tickets t WHERE t.visitor_id = d.visitor_id "
      "AND t.created_ms >= d.first_ms) THEN 0 ELSE 1 END), 0) FROM (SELECT visitor_id, min(opened_ms) AS first_ms "
      "FROM ticket_deflections WHERE opened_ms >= $1 AND opened_ms < $2 GROUP BY visitor_id) d",
      [&](Statement& s) { s.bind(1, from_ms).bind(2, to_ms); },
      [&](const Statement& row) {
        counts.visitors = row.column_int64(0);
        counts.deflected = row.column_int64(1);
        return Status::ok();
      });
  if (!status.is_ok()) return status;
  return counts;
}

}  // namespace deskd::storage::postgres
