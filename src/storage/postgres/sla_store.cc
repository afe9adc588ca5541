#include "storage/postgres/sla_store.h"

#include <algorithm>

namespace deskd::storage::postgres {

Result<SlaPolicy> load_sla_policy(Connection& c) {
  SlaPolicy policy;
  policy.schedule.time_zone = "UTC";
  Result<Statement> targets = c.prepare("SELECT priority, first_response_minutes, resolution_minutes FROM sla_targets");
  if (!targets) return targets.status();
  for (;;) {
    Result<bool> row = targets->step();
    if (!row) return row.status();
    if (!*row) break;
    auto priority = parse_ticket_priority(targets->column_text(0));
    if (!priority) return internal("sla_targets holds an unknown priority");
    SlaTarget& t = policy.targets[*priority];
    if (!targets->column_is_null(1)) t.first_response_minutes = static_cast<int>(targets->column_int64(1));
    if (!targets->column_is_null(2)) t.resolution_minutes = static_cast<int>(targets->column_int64(2));
  }
  Result<Statement> schedule = c.prepare("SELECT enabled, time_zone, week FROM sla_schedule WHERE id = 1");
  if (!schedule) return schedule.status();
  Result<bool> row = schedule->step();
  if (!row) return row.status();
  if (*row) {
    auto week = sla::parse_week(schedule->column_text(2));
    if (!week) return internal("sla_schedule.week is malformed");
    policy.schedule.enabled = schedule->column_bool(0);
    policy.schedule.time_zone = schedule->column_text(1);
    policy.schedule.days = *week;
  }
  return policy;
}

Status write_sla_due(Connection& c, const SlaPolicy& policy, int64_t ticket_id, TicketPriority priority,
                     int64_t created_ms) {
  const SlaDue due = sla_due(policy, priority, created_ms);
  Result<Statement> stmt =
      c.prepare("UPDATE tickets SET sla_first_response_due_ms = $1, sla_resolution_due_ms = $2, "
                "sla_first_response_notified = false, sla_resolution_notified = false WHERE id = $3");
  if (!stmt) return stmt.status();
  due.first_response_ms ? stmt->bind(1, *due.first_response_ms) : stmt->bind_null(1);
  due.resolution_ms ? stmt->bind(2, *due.resolution_ms) : stmt->bind_null(2);
  return stmt->bind(3, ticket_id).run();
}

Result<SlaPolicy> PgSlaStore::policy() {
  Result<SlaPolicy> out = internal("SLA policy not read");
  Status s = db_.read([&](Connection& c) {
    out = load_sla_policy(c);
    return out.status();
  });
  if (!s.is_ok()) return s;
  return out;
}

Status PgSlaStore::save_policy(const SlaPolicy& policy) {
  if (Status s = validate_sla_policy(policy); !s.is_ok()) return s;
  return db_.write([&](Connection& c) {
    if (Status s = c.exec("DELETE FROM sla_targets"); !s.is_ok()) return s;
    for (const auto& [priority, target] : policy.targets) {
      if (!target.first_response_minutes && !target.resolution_minutes) continue;
      Result<Statement> ins = c.prepare(
          "INSERT INTO sla_targets (priority, first_response_minutes, resolution_minutes) VALUES ($1, $2, $3)");
      if (!ins) return ins.status();
      ins->bind(1, ticket_priority_name(priority));
      target.first_response_minutes ? ins->bind(2, int64_t{*target.first_response_minutes}) : ins->bind_null(2);
      target.resolution_minutes ? ins->bind(3, int64_t{*target.resolution_minutes}) : ins->bind_null(3);
      if (Status s = ins->run(); !s.is_ok()) return s;
    }
    Result<Statement> sched = c.prepare(
        "INSERT INTO sla_schedule (id, enabled, time_zone, week) VALUES (1, $1, $2, $3) "
        "ON CONFLICT (id) DO UPDATE SET enabled = excluded.enabled, time_zone = excluded.time_zone, "
        "week = excluded.week");
    if (!sched) return sched.status();
    return sched->bind_bool(1, policy.schedule.enabled)
        .bind(2, policy.schedule.time_zone)
        .bind(3, sla::format_week(policy.schedule.days))
        .run();
  });
}

Result<std::vector<SlaBreach>> PgSlaStore::claim_breaches(int64_t now_ms, int limit) {
  if (limit <= 0) return std::vector<SlaBreach>{};
  std::vector<SlaBreach> claimed;
  // Each metric's rows are locked (SKIP LOCKED: another node takes others)
  // and flagged in the statement that returns them, so a breach is claimed once.
  Status status = db_.write([&](Connection& c) {
    claimed.clear();
    const char* const kClaims[] = {
        "UPDATE tickets SET sla_first_response_notified = true WHERE id IN (SELECT id FROM tickets "
        "WHERE status IN ('open', 'pending') AND sla_first_replied_ms IS NULL AND sla_first_response_due_ms <= $1 "
        "AND NOT sla_first_response_notified ORDER BY sla_first_response_due_ms, id LIMIT $2 FOR UPDATE SKIP LOCKED) "
        "RETURNING id, ref, sla_first_response_due_ms",
        "UPDATE tickets SET sla_resolution_notified = true WHERE id IN (SELECT id FROM tickets "
        "WHERE status IN ('open', 'pending') AND sla_resolution_due_ms <= $1 AND NOT sla_resolution_notified "
        "ORDER BY sla_resolution_due_ms, id LIMIT $2 FOR UPDATE SKIP LOCKED) "
        "RETURNING id, ref, sla_resolution_due_ms"};
    for (int metric = 0; metric < 2; ++metric) {
      const int room = limit - static_cast<int>(claimed.size());
      if (room <= 0) break;
      Result<Statement> stmt = c.prepare(kClaims[metric]);
      if (!stmt) return stmt.status();
      stmt->bind(1, now_ms).bind(2, int64_t{room});
      for (;;) {
        Result<bool> row = stmt->step();
        if (!row) return row.status();
        if (!*row) break;
        claimed.push_back({stmt->column_int64(0), stmt->column_text(1),
                           metric ? SlaMetric::kResolution : SlaMetric::kFirstResponse, stmt->column_int64(2)});
      }
    }
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  std::stable_sort(claimed.begin(), claimed.end(),
                   [](const SlaBreach& a, const SlaBreach& b) { return a.due_ms < b.due_ms; });
  return claimed;
}

Result<std::vector<int64_t>> PgSlaStore::breaches(int64_t from_ms, int64_t to_ms, int64_t now_ms) {
  std::vector<int64_t> out;
  Status status = for_each_row(
      db_,
      "SELECT t.sla_first_response_due_ms AS due FROM tickets t WHERE t.sla_first_response_due_ms >= $1 "
      "AND t.sla_first_response_due_ms < $2 AND t.sla_first_response_due_ms <= $3 "
      "AND (t.sla_first_replied_ms IS NULL OR t.sla_first_replied_ms > t.sla_first_response_due_ms) "
      "UNION ALL SELECT t.sla_resolution_due_ms FROM tickets t "
      "LEFT JOIN ticket_milestones ms ON ms.ticket_id = t.id WHERE t.sla_resolution_due_ms >= $1 "
      "AND t.sla_resolution_due_ms < $2 AND t.sla_resolution_due_ms <= $3 "
      "AND (ms.resolved_ms IS NULL OR ms.resolved_ms > t.sla_resolution_due_ms) ORDER BY due",
      [&](Statement& s) { s.bind(1, from_ms).bind(2, to_ms).bind(3, now_ms); },
      [&](const Statement& row) {
        out.push_back(row.column_int64(0));
        return Status::ok();
      });
  if (!status.is_ok()) return status;
  return out;
}

Result<std::vector<DeskEvent>> PgNotifyStore::claim_events(int limit) {
  std::vector<DeskEvent> events;
  if (limit <= 0) return events;
  Status status = db_.write([&](Connection& c) {
    events.clear();
    Result<Statement> stmt = c.prepare(
        "UPDATE ticket_messages m SET notify_pending = false WHERE m.id IN (SELECT id FROM ticket_messages "
        "WHERE notify_pending ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) "
        "RETURNING m.id, m.ticket_id, m.author_kind = 'user' AND m.kind = 'reply', "
        "m.id = (SELECT min(f.id) FROM ticket_messages f WHERE f.ticket_id = m.ticket_id), "
        "(SELECT ref FROM tickets WHERE id = m.ticket_id)");
    if (!stmt) return stmt.status();
    stmt->bind(1, int64_t{limit});
    for (;;) {
      Result<bool> row = stmt->step();
      if (!row) return row.status();
      if (!*row) break;
      if (!stmt->column_bool(2)) continue;
      events.push_back({stmt->column_bool(3) ? DeskEventKind::kNewTicket : DeskEventKind::kRequesterReply,
                        stmt->column_int64(1), stmt->column_text(4), stmt->column_int64(0)});
    }
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  std::sort(events.begin(), events.end(), [](const DeskEvent& a, const DeskEvent& b) { return a.message_id < b.message_id; });
  return events;
}

Result<bool> PgNotifyStore::email_enabled(int64_t person_id) {
  bool enabled = true;
  Status status = for_each_row(
      db_, "SELECT email FROM agent_notify_prefs WHERE person_id = $1", [&](Statement& s) { s.bind(1, person_id); },
      [&](const Statement& row) {
        enabled = row.column_bool(0);
        return Status::ok();
      });
  if (!status.is_ok()) return status;
  return enabled;
}

Status PgNotifyStore::set_email_enabled(int64_t person_id, bool enabled) {
  return db_.write([&](Connection& c) {
    Result<bool> person = row_exists(c, "SELECT 1 FROM people WHERE id = $1", person_id);
    if (!person) return person.status();
    if (!*person) return not_found("no such person");
    Result<Statement> stmt = c.prepare(
        "INSERT INTO agent_notify_prefs (person_id, email) VALUES ($1, $2) "
        "ON CONFLICT (person_id) DO UPDATE SET email = excluded.email");
    if (!stmt) return stmt.status();
    return stmt->bind(1, person_id).bind_bool(2, enabled).run();
  });
}

}  // namespace deskd::storage::postgres
