#include "storage/sqlite/ticket_store.h"

namespace deskd::storage::sqlite {
namespace {

// Statement reads NULL as 0 / "", so the NULL-ness of person_id and
// visitor_id comes as two extra columns (12, 13).
constexpr std::string_view kSelect =
    "SELECT t.id, t.ref, t.person_id, t.requester_name, t.requester_email, t.subject, t.status, t.created_ms, "
    "t.updated_ms, t.lang, t.visitor_id, t.source, t.person_id IS NULL, t.visitor_id IS NULL FROM tickets t ";

Ticket read_ticket(const Statement& stmt) {
  Ticket t;
  t.id = stmt.column_int64(0);
  t.ref = stmt.column_text(1);
  if (!stmt.column_bool(12)) t.person_id = stmt.column_int64(2);
  t.requester_name = stmt.column_text(3);
  t.requester_email = stmt.column_text(4);
  t.subject = stmt.column_text(5);
  t.status = parse_ticket_status(stmt.column_text(6)).value_or(TicketStatus::kOpen);
  t.created_ms = stmt.column_int64(7);
  t.updated_ms = stmt.column_int64(8);
  t.lang = stmt.column_text(9);
  if (!stmt.column_bool(13)) t.visitor_id = stmt.column_text(10);
  t.source = stmt.column_text(11);
  return t;
}

TicketMessage read_message(const Statement& stmt) {
  TicketMessage m;
  m.id = stmt.column_int64(0);
  m.ticket_id = stmt.column_int64(1);
  m.author = stmt.column_text(2) == "agent" ? TicketAuthor::kAgent : TicketAuthor::kUser;
  if (!stmt.column_bool(7)) m.author_id = stmt.column_int64(3);
  m.author_name = stmt.column_text(4);
  m.body = stmt.column_text(5);
  m.created_ms = stmt.column_int64(6);
  return m;
}

Status check_paging(int limit, int offset) {
  if (limit < 0 || offset < 0) return invalid_argument("limit and offset must not be negative");
  return Status::ok();
}

}  // namespace

Result<std::vector<Ticket>> SqliteTicketStore::select(std::string_view where_order, const Binder& bind) {
  return query_rows(db_, std::string(kSelect) + std::string(where_order), bind, &read_ticket);
}

Result<Ticket> SqliteTicketStore::select_one(std::string_view where, const Binder& bind) {
  return query_one(db_, std::string(kSelect) + std::string(where), bind, &read_ticket, "no such ticket");
}

Result<Ticket> insert_ticket(Connection& c, const NewTicket& in) {
  if (in.ref.empty()) return invalid_argument("ticket ref is empty");
  if (in.source != "web" && in.source != "messenger") return invalid_argument("unknown ticket source: " + in.source);
  int64_t id = 0;
  if (in.person_id) {
    Result<bool> person = row_exists(c, "SELECT 1 FROM people WHERE id = ?", *in.person_id);
    if (!person) return person.status();
    if (!*person) return invalid_argument("ticket for unknown person " + std::to_string(*in.person_id));
  }
  Result<Statement> stmt = c.prepare(
      "INSERT INTO tickets (ref, person_id, requester_name, requester_email, subject, status, created_ms, "
      "updated_ms, lang, visitor_id, source) VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)");
  if (!stmt) return stmt.status();
  stmt->bind(1, in.ref);
  if (in.person_id) {
    stmt->bind(2, *in.person_id);
  } else {
    stmt->bind_null(2);
  }
  stmt->bind(3, in.requester_name).bind(4, in.requester_email).bind(5, in.subject);
  stmt->bind(6, in.created_ms).bind(7, in.created_ms).bind(8, in.lang);
  if (in.visitor_id) {
    stmt->bind(9, *in.visitor_id);
  } else {
    stmt->bind_null(9);
  }
  stmt->bind(10, in.source);
  Status s = stmt->run();
  if (s.code() == Code::kConflict) return conflict("ticket ref already exists");
  if (!s.is_ok()) return s;
  id = c.last_insert_rowid();

  Result<Statement> msg = c.prepare(
      "INSERT INTO ticket_messages (ticket_id, author_kind, author_id, author_name, body, created_ms) "
      "VALUES (?, 'user', ?, ?, ?, ?)");
  if (!msg) return msg.status();
  msg->bind(1, id);
  if (in.person_id) {
    msg->bind(2, *in.person_id);
  } else {
    msg->bind_null(2);
  }
  s = msg->bind(3, in.requester_name).bind(4, in.body).bind(5, in.created_ms).run();
  if (!s.is_ok()) return s;

  if (!in.access_token_hash.empty()) {
    Result<Statement> tok =
        c.prepare("INSERT INTO ticket_access_tokens (ticket_id, token_hash, created_ms) VALUES (?, ?, ?)");
    if (!tok) return tok.status();
    s = tok->bind(1, id).bind(2, in.access_token_hash).bind(3, in.created_ms).run();
    if (s.code() == Code::kConflict) return conflict("ticket access token already exists");
    if (!s.is_ok()) return s;
  }
  Ticket t;
  t.id = id;
  t.ref = in.ref;
  t.person_id = in.person_id;
  t.requester_name = in.requester_name;
  t.requester_email = in.requester_email;
  t.subject = in.subject;
  t.status = TicketStatus::kOpen;
  t.created_ms = in.created_ms;
  t.updated_ms = in.created_ms;
  t.lang = in.lang;
  t.visitor_id = in.visitor_id;
  t.source = in.source;
  return t;
}

Result<Ticket> SqliteTicketStore::create(const NewTicket& in) {
  Result<Ticket> created = internal("ticket not written");
  Status status = db_.write([&](Connection& c) {
    created = insert_ticket(c, in);
    return created.status();
  });
  if (!status.is_ok()) return status;
  return created;
}

Result<Ticket> SqliteTicketStore::find_by_ref(std::string_view ref) {
  return select_one("WHERE t.ref = ?", [&](Statement& s) { s.bind(1, ref); });
}

Result<Ticket> SqliteTicketStore::find_by_access_token(std::string_view token_hash) {
  return select_one("JOIN ticket_access_tokens a ON a.ticket_id = t.id WHERE a.token_hash = ?",
                    [&](Statement& s) { s.bind(1, token_hash); });
}

Result<std::vector<Ticket>> SqliteTicketStore::list_for_person(int64_t person_id, int limit, int offset) {
  if (Status s = check_paging(limit, offset); !s.is_ok()) return s;
  return select("WHERE t.person_id = ? ORDER BY t.created_ms DESC, t.id DESC LIMIT ? OFFSET ?",
                [&](Statement& s) { s.bind(1, person_id).bind(2, int64_t{limit}).bind(3, int64_t{offset}); });
}

Result<std::vector<Ticket>> SqliteTicketStore::list_for_email(std::string_view email, int limit, int offset) {
  if (Status s = check_paging(limit, offset); !s.is_ok()) return s;
  return select("WHERE t.requester_email = ? ORDER BY t.created_ms DESC, t.id DESC LIMIT ? OFFSET ?",
                [&](Statement& s) { s.bind(1, email).bind(2, int64_t{limit}).bind(3, int64_t{offset}); });
}

Result<std::vector<Ticket>> SqliteTicketStore::list(const TicketQuery& q) {
  if (Status s = check_paging(q.limit, q.offset); !s.is_ok()) return s;
  if (q.status) {
    return select("WHERE t.status = ? ORDER BY t.updated_ms DESC, t.id DESC LIMIT ? OFFSET ?", [&](Statement& s) {
      s.bind(1, std::string_view(ticket_status_name(*q.status))).bind(2, int64_t{q.limit}).bind(3, int64_t{q.offset});
    });
  }
  return select("ORDER BY t.updated_ms DESC, t.id DESC LIMIT ? OFFSET ?",
                [&](Statement& s) { s.bind(1, int64_t{q.limit}).bind(2, int64_t{q.offset}); });
}

Result<std::map<TicketStatus, int64_t>> SqliteTicketStore::count_by_status() {
  std::map<TicketStatus, int64_t> counts;
  for (TicketStatus s : kAllTicketStatuses) counts[s] = 0;
  Status status = for_each_row(
      db_, "SELECT status, count(*) FROM tickets GROUP BY status", [](Statement&) {},
      [&](const Statement& row) {
        if (auto s = parse_ticket_status(row.column_text(0))) counts[*s] = row.column_int64(1);
        return Status::ok();
      });
  if (!status.is_ok()) return status;
  return counts;
}

Result<TicketMessage> insert_ticket_message(Connection& c, const NewTicketMessage& in) {
  int64_t id = 0;
  Result<bool> ticket = row_exists(c, "SELECT 1 FROM tickets WHERE id = ?", in.ticket_id);
  if (!ticket) return ticket.status();
  if (!*ticket) return not_found("no such ticket");
  Result<Statement> stmt = c.prepare(
      "INSERT INTO ticket_messages (ticket_id, author_kind, author_id, author_name, body, created_ms) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  if (!stmt) return stmt.status();
  stmt->bind(1, in.ticket_id).bind(2, std::string_view(ticket_author_name(in.author)));
  if (in.author_id) {
    stmt->bind(3, *in.author_id);
  } else {
    stmt->bind_null(3);
  }
  Status s = stmt->bind(4, in.author_name).bind(5, in.body).bind(6, in.created_ms).run();
  if (s.code() == Code::kConflict) return invalid_argument("ticket message names an unknown author");
  if (!s.is_ok()) return s;
  id = c.last_insert_rowid();
  Result<Statement> bump = c.prepare("UPDATE tickets SET updated_ms = max(updated_ms, ?), status = ? WHERE id = ?");
  if (!bump) return bump.status();
  const TicketStatus next = in.author == TicketAuthor::kAgent ? TicketStatus::kPending : TicketStatus::kOpen;
  if (Status s2 =
          bump->bind(1, in.created_ms).bind(2, std::string_view(ticket_status_name(next))).bind(3, in.ticket_id).run();
      !s2.is_ok())
    return s2;
  TicketMessage m;
  m.id = id;
  m.ticket_id = in.ticket_id;
  m.author = in.author;
  m.author_id = in.author_id;
  m.author_name = in.author_name;
  m.body = in.body;
  m.created_ms = in.created_ms;
  return m;
}

Result<TicketMessage> SqliteTicketStore::add_message(const NewTicketMessage& in) {
  Result<TicketMessage> added = internal("ticket message not written");
  Status status = db_.write([&](Connection& c) {
    added = insert_ticket_message(c, in);
    return added.status();
  });
  if (!status.is_ok()) return status;
  return added;
}

Status SqliteTicketStore::set_status(int64_t ticket_id, TicketStatus status, int64_t now_ms) {
  return change_one(
      db_, "UPDATE tickets SET status = ?, updated_ms = max(updated_ms, ?) WHERE id = ?",
      [&](Statement& s) { s.bind(1, std::string_view(ticket_status_name(status))).bind(2, now_ms).bind(3, ticket_id); },
      "no such ticket");
}

Result<std::vector<TicketMessage>> SqliteTicketStore::messages(int64_t ticket_id) {
  return query_rows(
      db_,
      "SELECT id, ticket_id, author_kind, author_id, author_name, body, created_ms, author_id IS NULL "
      "FROM ticket_messages WHERE ticket_id = ? ORDER BY created_ms, id",
      [&](Statement& s) { s.bind(1, ticket_id); }, &read_message);
}

Status SqliteTicketStore::add_access_token(int64_t ticket_id, std::string_view token_hash, int64_t created_ms) {
  if (token_hash.empty()) return invalid_argument("ticket access token hash is empty");
  return db_.write([&](Connection& c) {
    Result<bool> ticket = row_exists(c, "SELECT 1 FROM tickets WHERE id = ?", ticket_id);
    if (!ticket) return ticket.status();
    if (!*ticket) return not_found("no such ticket");
    Result<Statement> stmt =
        c.prepare("INSERT INTO ticket_access_tokens (ticket_id, token_hash, created_ms) VALUES (?, ?, ?)");
    if (!stmt) return stmt.status();
    Status s = stmt->bind(1, ticket_id).bind(2, token_hash).bind(3, created_ms).run();
    if (s.code() == Code::kConflict) return conflict("ticket access token already exists");
    return s;
  });
}

}  // namespace deskd::storage::sqlite
