#include "storage/sqlite/ticket_store.h"

#include <variant>

#include "storage/sqlite/sla_store.h"

namespace deskd::storage::sqlite {
namespace {

constexpr std::string_view kUnsolved = "t.status IN ('open', 'pending')";
// The same test with the unary `+` that keeps SQLite from choosing a status
// index for it: most tickets are unsolved, and without ANALYZE statistics the
// planner would read a whole status range and sort it (~140 ms over 100,000
// tickets) instead of walking tickets_updated / tickets_assignee_updated in
// the list's order and stopping at the page's end (< 1 ms).
constexpr std::string_view kUnsolvedInListOrder = "+t.status IN ('open', 'pending')";
constexpr std::string_view kOverdue =
    "((t.sla_first_replied_ms IS NULL AND t.sla_first_response_due_ms <= ?) OR t.sla_resolution_due_ms <= ?)";
constexpr std::string_view kInMyGroups = "t.group_id IN (SELECT group_id FROM agent_group_members WHERE person_id = ?)";

const std::string kSelectMessages =
    "SELECT " + std::string(kTicketMessageColumns) + " FROM ticket_messages WHERE ticket_id = ? ";

std::string_view order_by(TicketSort sort) {
  switch (sort) {
    case TicketSort::kUpdated: return " ORDER BY t.updated_ms DESC, t.id DESC";
    case TicketSort::kNewest: return " ORDER BY t.created_ms DESC, t.id DESC";
    case TicketSort::kOldest: return " ORDER BY t.created_ms, t.id";
    case TicketSort::kPriority:
      return " ORDER BY CASE t.priority WHEN 'urgent' THEN 3 WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END DESC, "
             "t.updated_ms DESC, t.id DESC";
  }
  return " ORDER BY t.updated_ms DESC, t.id DESC";
}

// Parameters in the order their `?` appear.
using Args = std::vector<std::variant<int64_t, std::string>>;

void bind_all(Statement& s, const Args& args) {
  int i = 1;
  for (const auto& a : args) {
    if (const auto* n = std::get_if<int64_t>(&a)) {
      s.bind(i++, *n);
    } else {
      s.bind(i++, std::string_view(std::get<std::string>(a)));
    }
  }
}

Status check_paging(int limit, int offset) {
  if (limit < 0 || offset < 0) return invalid_argument("limit and offset must not be negative");
  return Status::ok();
}

}  // namespace

Result<std::vector<Ticket>> SqliteTicketStore::select(std::string_view where_order, const Binder& bind) {
  return query_rows(db_, std::string(kSelectTicket) + std::string(where_order), bind, &read_ticket);
}

Result<Ticket> SqliteTicketStore::select_one(std::string_view where, const Binder& bind) {
  return query_one(db_, std::string(kSelectTicket) + std::string(where), bind, &read_ticket, "no such ticket");
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
  if (in.group_id) {
    Result<bool> group = row_exists(c, "SELECT 1 FROM agent_groups WHERE id = ?", *in.group_id);
    if (!group) return group.status();
    if (!*group) return invalid_argument("ticket for unknown group " + std::to_string(*in.group_id));
  }
  Result<Statement> stmt = c.prepare(
      "INSERT INTO tickets (ref, person_id, requester_name, requester_email, subject, status, created_ms, "
      "updated_ms, lang, visitor_id, source, priority, group_id, channel) "
      "VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?)");
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
  stmt->bind(10, in.source).bind(11, std::string_view(ticket_priority_name(in.priority)));
  if (in.group_id) {
    stmt->bind(12, *in.group_id);
  } else {
    stmt->bind_null(12);
  }
  stmt->bind(13, std::string_view(ticket_channel_name(in.channel)));
  Status s = stmt->run();
  if (s.code() == Code::kConflict) return conflict("ticket ref already exists");
  if (!s.is_ok()) return s;
  id = c.last_insert_rowid();
  Result<SlaPolicy> policy = load_sla_policy(c);
  if (!policy) return policy.status();
  if (Status sla = write_sla_due(c, *policy, id, in.priority, in.created_ms); !sla.is_ok()) return sla;

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
  t.channel = in.channel;
  t.priority = in.priority;
  t.group_id = in.group_id;
  const SlaDue due = sla_due(*policy, in.priority, in.created_ms);
  t.first_response_due_ms = due.first_response_ms;
  t.resolution_due_ms = due.resolution_ms;
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
  if ((q.view == TicketView::kMine || q.view == TicketView::kMyGroups) && q.agent_id <= 0) {
    return invalid_argument("this view needs an agent");
  }
  std::string where = "WHERE 1 = 1";
  Args args;
  if (q.view != TicketView::kAll) where += " AND " + std::string(kUnsolvedInListOrder);
  if (q.view == TicketView::kMine) {
    where += " AND t.assignee_id = ?";
    args.emplace_back(q.agent_id);
  } else if (q.view == TicketView::kUnassigned) {
    where += " AND t.assignee_id IS NULL";
  } else if (q.view == TicketView::kMyGroups) {
    where += " AND " + std::string(kInMyGroups);
    args.emplace_back(q.agent_id);
  } else if (q.view == TicketView::kOverdue) {
    where += " AND " + std::string(kOverdue);
    args.emplace_back(q.now_ms);
    args.emplace_back(q.now_ms);
  }
  if (q.status) {
    where += " AND t.status = ?";
    args.emplace_back(std::string(ticket_status_name(*q.status)));
  }
  where += std::string(order_by(q.sort)) + " LIMIT ? OFFSET ?";
  args.emplace_back(int64_t{q.limit});
  args.emplace_back(int64_t{q.offset});
  return select(where, [&](Statement& s) { bind_all(s, args); });
}

Result<std::map<TicketView, int64_t>> SqliteTicketStore::count_views(int64_t agent_id, int64_t now_ms) {
  std::map<TicketView, int64_t> counts;
  // One scalar subquery per view, each answered from an index (migration 0020).
  const std::string unsolved = "(SELECT count(*) FROM tickets t WHERE " + std::string(kUnsolved);
  Status status = for_each_row(
      db_,
      "SELECT " + unsolved + " AND t.assignee_id = ?), " + unsolved + " AND t.assignee_id IS NULL), " + unsolved +
          " AND " + std::string(kInMyGroups) + "), " + unsolved + "), (SELECT count(*) FROM tickets), " + unsolved +
          " AND " + std::string(kOverdue) + ")",
      [&](Statement& s) { s.bind(1, agent_id).bind(2, agent_id).bind(3, now_ms).bind(4, now_ms); },
      [&](const Statement& row) {
        counts[TicketView::kMine] = row.column_int64(0);
        counts[TicketView::kUnassigned] = row.column_int64(1);
        counts[TicketView::kMyGroups] = row.column_int64(2);
        counts[TicketView::kAllOpen] = row.column_int64(3);
        counts[TicketView::kAll] = row.column_int64(4);
        counts[TicketView::kOverdue] = row.column_int64(5);
        return Status::ok();
      });
  if (!status.is_ok()) return status;
  return counts;
}

Result<int64_t> SqliteTicketStore::update(const std::vector<int64_t>& ids, const TicketChange& change, int64_t now_ms) {
  if (change.empty()) return invalid_argument("nothing to change");
  if (ids.size() > kMaxTicketBatch) return invalid_argument("too many tickets at once");
  std::string set = "UPDATE tickets SET updated_ms = max(updated_ms, ?)";
  Args args{now_ms};
  if (change.status) {
    set += ", status = ?";
    args.emplace_back(std::string(ticket_status_name(*change.status)));
  }
  if (change.priority) {
    set += ", priority = ?";
    args.emplace_back(std::string(ticket_priority_name(*change.priority)));
  }
  if (change.group_id) set += *change.group_id ? ", group_id = ?" : ", group_id = NULL";
  if (change.group_id && *change.group_id) args.emplace_back(**change.group_id);
  if (change.assignee_id) set += *change.assignee_id ? ", assignee_id = ?" : ", assignee_id = NULL";
  if (change.assignee_id && *change.assignee_id) args.emplace_back(**change.assignee_id);
  set += " WHERE id = ?";
  int64_t changed = 0;
  Status status = db_.write([&](Connection& c) {
    if (change.group_id && *change.group_id) {
      Result<bool> group = row_exists(c, "SELECT 1 FROM agent_groups WHERE id = ?", **change.group_id);
      if (!group) return group.status();
      if (!*group) return invalid_argument("no such group");
    }
    if (change.assignee_id && *change.assignee_id) {
      Result<bool> staff = row_exists(
          c, "SELECT 1 FROM people WHERE id = ? AND role IN ('agent', 'admin') AND disabled = 0", **change.assignee_id);
      if (!staff) return staff.status();
      if (!*staff) return invalid_argument("the assignee is not an active agent");
    }
    Result<Statement> stmt = c.prepare(set);
    if (!stmt) return stmt.status();
    bind_all(*stmt, args);
    const int id_index = static_cast<int>(args.size()) + 1;
    for (int64_t id : ids) {
      if (Status s = stmt->bind(id_index, id).run(); !s.is_ok()) return s;
      changed += c.changes();
    }
    if (!change.priority) return Status::ok();
    // A new priority brings its own targets, counted from the ticket's creation.
    Result<SlaPolicy> policy = load_sla_policy(c);
    if (!policy) return policy.status();
    Result<Statement> created = c.prepare("SELECT created_ms FROM tickets WHERE id = ?");
    if (!created) return created.status();
    for (int64_t id : ids) {
      Result<bool> row = created->bind(1, id).step();
      if (!row) return row.status();
      const int64_t created_ms = *row ? created->column_int64(0) : 0;
      created->reset();
      if (!*row) continue;
      if (Status s = write_sla_due(c, *policy, id, *change.priority, created_ms); !s.is_ok()) return s;
    }
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return changed;
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
  const bool note = in.kind == TicketMessageKind::kNote;
  if (note && in.author != TicketAuthor::kAgent) return invalid_argument("only staff write internal notes");
  int64_t id = 0;
  Result<bool> ticket = row_exists(c, "SELECT 1 FROM tickets WHERE id = ?", in.ticket_id);
  if (!ticket) return ticket.status();
  if (!*ticket) return not_found("no such ticket");
  Result<Statement> stmt = c.prepare(
      "INSERT INTO ticket_messages (ticket_id, author_kind, author_id, author_name, body, created_ms, kind) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!stmt) return stmt.status();
  stmt->bind(1, in.ticket_id).bind(2, std::string_view(ticket_author_name(in.author)));
  if (in.author_id) {
    stmt->bind(3, *in.author_id);
  } else {
    stmt->bind_null(3);
  }
  Status s = stmt->bind(4, in.author_name)
                 .bind(5, in.body)
                 .bind(6, in.created_ms)
                 .bind(7, std::string_view(ticket_message_kind_name(in.kind)))
                 .run();
  if (s.code() == Code::kConflict) return invalid_argument("ticket message names an unknown author");
  if (!s.is_ok()) return s;
  id = c.last_insert_rowid();
  if (!note) {
    Result<Statement> bump = c.prepare("UPDATE tickets SET updated_ms = max(updated_ms, ?), status = ? WHERE id = ?");
    if (!bump) return bump.status();
    const TicketStatus next = in.author == TicketAuthor::kAgent ? TicketStatus::kPending : TicketStatus::kOpen;
    if (Status s2 = bump->bind(1, in.created_ms)
                        .bind(2, std::string_view(ticket_status_name(next)))
                        .bind(3, in.ticket_id)
                        .run();
        !s2.is_ok())
      return s2;
  }
  TicketMessage m;
  m.id = id;
  m.ticket_id = in.ticket_id;
  m.author = in.author;
  m.author_id = in.author_id;
  m.author_name = in.author_name;
  m.body = in.body;
  m.created_ms = in.created_ms;
  m.kind = in.kind;
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
      db_, std::string(kSelectMessages) + "AND kind = 'reply' ORDER BY created_ms, id",
      [&](Statement& s) { s.bind(1, ticket_id); }, &read_ticket_message);
}

Result<std::vector<TicketMessage>> SqliteTicketStore::staff_thread(int64_t ticket_id) {
  return query_rows(
      db_, std::string(kSelectMessages) + "ORDER BY created_ms, id", [&](Statement& s) { s.bind(1, ticket_id); },
      &read_ticket_message);
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
