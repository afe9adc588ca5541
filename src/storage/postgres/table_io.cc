#include "storage/postgres/table_io.h"

#include "storage/postgres/kb_text.h"

namespace deskd::storage::postgres {
namespace {

std::string quote(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Runs `stmt` and calls `each` for every row.
template <typename Fn>
Status each_row(Statement& stmt, Fn each) {
  while (true) {
    auto row = stmt.step();
    if (!row.is_ok()) return row.status();
    if (!*row) return Status::ok();
    each();
  }
}

}  // namespace

Result<std::vector<TableInfo>> PgTableIo::tables() {
  std::vector<TableInfo> out;
  Status s = db_.read([&](Connection& c) -> Status {
    std::vector<std::string> names;
    auto list = c.prepare(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY table_name");
    if (!list.is_ok()) return list.status();
    if (Status st = each_row(*list, [&] { names.push_back(list->column_text(0)); }); !st.is_ok()) return st;
    for (const auto& name : names) {
      TableInfo info{name, {}, {}, ""};
      Columns& types = types_[name];
      auto cols = c.prepare(
          "SELECT column_name, data_type, is_identity FROM information_schema.columns "
          "WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position");
      if (!cols.is_ok()) return cols.status();
      cols->bind(1, name);
      Status st = each_row(*cols, [&] {
        std::string col = cols->column_text(0);
        const std::string type = cols->column_text(1);
        if (cols->column_text(2) == "YES") types.identity.insert(col);
        if (type == "tsvector") {
          types.search.insert(col);
          return;
        }
        if (type == "boolean") types.boolean.insert(col);
        info.columns.push_back(std::move(col));
      });
      if (!st.is_ok()) return st;
      auto fks = c.prepare(
          "SELECT kcu.column_name, ccu.table_name FROM information_schema.table_constraints tc "
          "JOIN information_schema.key_column_usage kcu ON tc.constraint_name = kcu.constraint_name "
          "AND tc.table_schema = kcu.table_schema "
          "JOIN information_schema.constraint_column_usage ccu ON tc.constraint_name = ccu.constraint_name "
          "AND tc.table_schema = ccu.table_schema "
          "WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema() AND tc.table_name = $1");
      if (!fks.is_ok()) return fks.status();
      fks->bind(1, name);
      st = each_row(*fks, [&] {
        std::string target = fks->column_text(1);
        if (target == name) {
          info.self_reference = fks->column_text(0);
        } else {
          info.references.push_back(std::move(target));
        }
      });
      if (!st.is_ok()) return st;
      out.push_back(std::move(info));
    }
    return Status::ok();
  });
  if (!s.is_ok()) return s;
  return out;
}

Result<int64_t> PgTableIo::count(const std::string& table) {
  int64_t n = 0;
  Status s = db_.read([&](Connection& c) -> Status {
    auto stmt = c.prepare("SELECT COUNT(*) FROM " + quote(table));
    if (!stmt.is_ok()) return stmt.status();
    auto row = stmt->step();
    if (!row.is_ok()) return row.status();
    n = *row ? stmt->column_int64(0) : 0;
    return Status::ok();
  });
  if (!s.is_ok()) return s;
  return n;
}

Result<std::vector<TableRow>> PgTableIo::read_all(const TableInfo& table, const std::vector<std::string>& columns) {
  const Columns& types = types_[table.name];
  std::string sql = "SELECT ";
  bool has_id = false;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i) sql += ", ";
    sql += types.boolean.count(columns[i]) ? "(" + quote(columns[i]) + ")::int::text" : quote(columns[i]) + "::text";
    has_id = has_id || columns[i] == "id";
  }
  sql += " FROM " + quote(table.name);
  if (has_id) sql += " ORDER BY \"id\"";
  std::vector<TableRow> rows;
  Status s = db_.read([&](Connection& c) -> Status {
    auto stmt = c.prepare(sql);
    if (!stmt.is_ok()) return stmt.status();
    return each_row(*stmt, [&] {
      TableRow r;
      r.reserve(columns.size());
      for (size_t i = 0; i < columns.size(); ++i) {
        const int at = static_cast<int>(i);
        if (stmt->column_is_null(at)) {
          r.emplace_back(std::nullopt);
        } else {
          r.emplace_back(stmt->column_text(at));
        }
      }
      rows.push_back(std::move(r));
    });
  });
  if (!s.is_ok()) return s;
  return rows;
}

Status PgTableIo::write_all(const std::vector<std::string>& clear, const std::vector<TableData>& data) {
  if (types_.empty()) {
    if (auto t = tables(); !t.is_ok()) return t.status();
  }
  return db_.write([&](Connection& c) -> Status {
    for (const auto& table : clear) {
      if (Status s = c.exec("DELETE FROM " + quote(table)); !s.is_ok()) return s;
    }
    for (const auto& t : data) {
      // The destination held no helpdesk, so rows here now were written by
      // triggers on tables copied before (e.g. ticket_milestones): the
      // source's rows replace them.
      if (Status s = c.exec("DELETE FROM " + quote(t.table)); !s.is_ok()) return s;
      std::string sql = "INSERT INTO " + quote(t.table) + " (";
      std::string params;
      for (size_t i = 0; i < t.columns.size(); ++i) {
        sql += (i ? ", " : "") + quote(t.columns[i]);
        params += (i ? ", $" : "$") + std::to_string(i + 1);
      }
      sql += ") VALUES (" + params + ")";
      for (const auto& row : t.rows) {
        auto stmt = c.prepare(sql);
        if (!stmt.is_ok()) return stmt.status();
        for (size_t i = 0; i < row.size(); ++i) {
          if (row[i]) {
            stmt->bind(static_cast<int>(i + 1), std::string_view(*row[i]));
          } else {
            stmt->bind_null(static_cast<int>(i + 1));
          }
        }
        if (Status s = stmt->run(); !s.is_ok()) return Status(s.code(), "copying into " + t.table + ": " + s.message());
      }
      const Columns& types = types_[t.table];
      // The knowledge-base search column, computed as the store does.
      if (types.search.count("search")) {
        std::vector<std::pair<std::string, std::string>> updates;
        auto texts = c.prepare("SELECT id::text, title, body_text FROM " + quote(t.table));
        if (!texts.is_ok()) return texts.status();
        Status st = each_row(*texts, [&] {
          updates.emplace_back(texts->column_text(0), kb_tsvector(texts->column_text(1), texts->column_text(2)));
        });
        if (!st.is_ok()) return st;
        for (const auto& [id, vector] : updates) {
          auto up = c.prepare("UPDATE " + quote(t.table) + " SET search = $1::tsvector WHERE id = $2");
          if (!up.is_ok()) return up.status();
          up->bind(1, std::string_view(vector)).bind(2, std::string_view(id));
          if (Status s = up->run(); !s.is_ok()) return s;
        }
      }
      for (const auto& col : types.identity) {
        auto seq = c.prepare("SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT MAX(" + quote(col) +
                             ") FROM " + quote(t.table) + "), 0) + 1, false)");
        if (!seq.is_ok()) return seq.status();
        seq->bind(1, std::string_view(quote(t.table))).bind(2, std::string_view(col));
        if (auto r = seq->step(); !r.is_ok()) return r.status();
      }
    }
    return Status::ok();
  });
}

}  // namespace deskd::storage::postgres
