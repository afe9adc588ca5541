#include "storage/postgres/desk_store.h"

namespace deskd::storage::postgres {
namespace {

constexpr std::string_view kSelectGroup =
    "SELECT g.id, g.name, g.created_ms, (SELECT count(*) FROM agent_group_members m WHERE m.group_id = g.id) "
    "FROM agent_groups g ";

AgentGroup read_group(const Statement& stmt) {
  return {stmt.column_int64(0), stmt.column_text(1), stmt.column_int64(2), stmt.column_int64(3)};
}

GroupMember read_member(const Statement& stmt) {
  return {stmt.column_int64(0), stmt.column_text(1), stmt.column_text(2)};
}

int64_t read_id(const Statement& stmt) {
  return stmt.column_int64(0);
}

CannedReply read_canned(const Statement& stmt) {
  CannedReply c;
  c.id = stmt.column_int64(0);
  if (!stmt.column_is_null(1)) c.owner_id = stmt.column_int64(1);
  c.title = stmt.column_text(2);
  c.body = stmt.column_text(3);
  c.updated_ms = stmt.column_int64(4);
  return c;
}

constexpr std::string_view kSelectCanned = "SELECT id, owner_id, title, body, updated_ms FROM canned_replies ";

}  // namespace

Result<AgentGroup> PgDeskStore::create_group(std::string_view name, int64_t now_ms) {
  if (name.empty()) return invalid_argument("group name is empty");
  Result<int64_t> id =
      insert_returning_id(db_, "INSERT INTO agent_groups (name, created_ms) VALUES ($1, $2) RETURNING id",
                          [&](Statement& s) { s.bind(1, name).bind(2, now_ms); });
  if (!id) {
    if (id.status().code() == Code::kConflict) return conflict("a group with this name exists");
    return id.status();
  }
  return AgentGroup{*id, std::string(name), now_ms, 0};
}

Status PgDeskStore::rename_group(int64_t group_id, std::string_view name) {
  if (name.empty()) return invalid_argument("group name is empty");
  Status s = change_one(
      db_, "UPDATE agent_groups SET name = $1 WHERE id = $2",
      [&](Statement& st) { st.bind(1, name).bind(2, group_id); }, "no such group");
  if (s.code() == Code::kConflict) return conflict("a group with this name exists");
  return s;
}

Status PgDeskStore::delete_group(int64_t group_id) {
  return change_one(
      db_, "DELETE FROM agent_groups WHERE id = $1", [&](Statement& s) { s.bind(1, group_id); }, "no such group");
}

Result<AgentGroup> PgDeskStore::find_group(int64_t group_id) {
  return query_one(
      db_, std::string(kSelectGroup) + "WHERE g.id = $1", [&](Statement& s) { s.bind(1, group_id); }, &read_group,
      "no such group");
}

Result<std::vector<AgentGroup>> PgDeskStore::list_groups() {
  return query_rows(
      db_, std::string(kSelectGroup) + "ORDER BY lower(g.name), g.id", [](Statement&) {}, &read_group);
}

Status PgDeskStore::add_member(int64_t group_id, int64_t person_id) {
  return db_.write([&](Connection& c) {
    Result<bool> group = row_exists(c, "SELECT 1 FROM agent_groups WHERE id = $1", group_id);
    if (!group) return group.status();
    if (!*group) return not_found("no such group");
    Result<bool> staff = row_exists(c, "SELECT 1 FROM people WHERE id = $1 AND role IN ('agent', 'admin')", person_id);
    if (!staff) return staff.status();
    if (!*staff) return invalid_argument("only agents and admins join groups");
    Result<Statement> stmt =
        c.prepare("INSERT INTO agent_group_members (group_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING");
    if (!stmt) return stmt.status();
    return stmt->bind(1, group_id).bind(2, person_id).run();
  });
}

Status PgDeskStore::remove_member(int64_t group_id, int64_t person_id) {
  Result<int64_t> n = change_rows(db_, "DELETE FROM agent_group_members WHERE group_id = $1 AND person_id = $2",
                                  [&](Statement& s) { s.bind(1, group_id).bind(2, person_id); });
  return n ? Status::ok() : n.status();
}

Result<std::vector<GroupMember>> PgDeskStore::members(int64_t group_id) {
  return query_rows(
      db_,
      "SELECT p.id, p.name, p.email FROM agent_group_members m JOIN people p ON p.id = m.person_id "
      "WHERE m.group_id = $1 ORDER BY lower(p.name), p.email",
      [&](Statement& s) { s.bind(1, group_id); }, &read_member);
}

Result<std::vector<int64_t>> PgDeskStore::groups_of(int64_t person_id) {
  return query_rows(
      db_, "SELECT group_id FROM agent_group_members WHERE person_id = $1 ORDER BY group_id",
      [&](Statement& s) { s.bind(1, person_id); }, &read_id);
}

Result<std::vector<GroupMember>> PgDeskStore::staff() {
  return query_rows(
      db_,
      "SELECT p.id, p.name, p.email FROM people p WHERE p.role IN ('agent', 'admin') AND NOT p.disabled "
      "ORDER BY lower(p.name), p.email",
      [](Statement&) {}, &read_member);
}

Result<CannedReply> PgDeskStore::create_canned(std::optional<int64_t> owner_id, std::string_view title,
                                               std::string_view body, int64_t now_ms) {
  if (title.empty() || body.empty()) return invalid_argument("a canned reply needs a title and a body");
  int64_t id = 0;
  Status status = db_.write([&](Connection& c) {
    if (owner_id) {
      Result<bool> staff =
          row_exists(c, "SELECT 1 FROM people WHERE id = $1 AND role IN ('agent', 'admin')", *owner_id);
      if (!staff) return staff.status();
      if (!*staff) return invalid_argument("only agents and admins own canned replies");
    }
    Result<Statement> stmt = c.prepare(
        "INSERT INTO canned_replies (owner_id, title, body, updated_ms) VALUES ($1, $2, $3, $4) RETURNING id");
    if (!stmt) return stmt.status();
    if (owner_id) {
      stmt->bind(1, *owner_id);
    } else {
      stmt->bind_null(1);
    }
    stmt->bind(2, title).bind(3, body).bind(4, now_ms);
    Result<bool> row = stmt->step();
    if (!row) return row.status();
    id = stmt->column_int64(0);
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return CannedReply{id, owner_id, std::string(title), std::string(body), now_ms};
}

Status PgDeskStore::update_canned(int64_t canned_id, std::string_view title, std::string_view body, int64_t now_ms) {
  if (title.empty() || body.empty()) return invalid_argument("a canned reply needs a title and a body");
  return change_one(
      db_, "UPDATE canned_replies SET title = $1, body = $2, updated_ms = $3 WHERE id = $4",
      [&](Statement& s) { s.bind(1, title).bind(2, body).bind(3, now_ms).bind(4, canned_id); }, "no such canned reply");
}

Status PgDeskStore::delete_canned(int64_t canned_id) {
  return change_one(
      db_, "DELETE FROM canned_replies WHERE id = $1", [&](Statement& s) { s.bind(1, canned_id); },
      "no such canned reply");
}

Result<CannedReply> PgDeskStore::find_canned(int64_t canned_id) {
  return query_one(
      db_, std::string(kSelectCanned) + "WHERE id = $1", [&](Statement& s) { s.bind(1, canned_id); }, &read_canned,
      "no such canned reply");
}

Result<std::vector<CannedReply>> PgDeskStore::canned_for(int64_t person_id) {
  return query_rows(
      db_, std::string(kSelectCanned) + "WHERE owner_id IS NULL OR owner_id = $1 ORDER BY lower(title), id",
      [&](Statement& s) { s.bind(1, person_id); }, &read_canned);
}

}  // namespace deskd::storage::postgres
