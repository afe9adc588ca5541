#include "storage/sqlite/table_io.h"

#include <set>

namespace deskd::storage::sqlite {
namespace {

// Table and column names come from the database's own catalog; quoted anyway.
std::string quote(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

Result<std::vector<TableInfo>> SqliteTableIo::tables() {
  std::vector<TableInfo> out;
  Status s = db_.read([&](Connection& c) -> Status {
    std::vector<std::string> names;
    std::set<std::string> virtual_tables;
    {
      auto stmt = c.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name");
      if (!stmt.is_ok()) return stmt.status();
      while (true) {
        auto row = stmt->step();
        if (!row.is_ok()) return row.status();
        if (!*row) break;
        std::string name = stmt->column_text(0);
        if (stmt->column_text(1).starts_with("CREATE VIRTUAL TABLE")) {
          virtual_tables.insert(name);
          continue;
        }
        if (name.starts_with("sqlite_") || name == "schema_migrations") continue;
        names.push_back(std::move(name));
      }
    }
    for (const auto& name : names) {
      bool shadow = false;
      for (const auto& vt : virtual_tables) shadow = shadow || name.starts_with(vt + "_");
      if (shadow) continue;
      TableInfo info{name, {}, {}, ""};
      auto cols = c.prepare("SELECT name FROM pragma_table_info(?) ORDER BY cid");
      if (!cols.is_ok()) return cols.status();
      cols->bind(1, name);
      while (true) {
        auto row = cols->step();
        if (!row.is_ok()) return row.status();
        if (!*row) break;
        info.columns.push_back(cols->column_text(0));
      }
      auto fks = c.prepare("SELECT \"table\", \"from\" FROM pragma_foreign_key_list(?)");
      if (!fks.is_ok()) return fks.status();
      fks->bind(1, name);
      while (true) {
        auto row = fks->step();
        if (!row.is_ok()) return row.status();
        if (!*row) break;
        std::string target = fks->column_text(0);
        if (target == name) {
          info.self_reference = fks->column_text(1);
        } else {
          info.references.push_back(std::move(target));
        }
      }
      out.push_back(std::move(info));
    }
    return Status::ok();
  });
  if (!s.is_ok()) return s;
  return out;
}

Result<int64_t> SqliteTableIo::count(const std::string& table) {
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

Result<std::vector<TableRow>> SqliteTableIo::read_all(const TableInfo& table, const std::vector<std::string>& columns) {
  std::vector<TableRow> rows;
  std::string sql = "SELECT ";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i) sql += ", ";
    sql += quote(columns[i]) + " IS NULL, " + quote(columns[i]);
  }
  sql += " FROM " + quote(table.name) + " ORDER BY rowid";
  Status s = db_.read([&](Connection& c) -> Status {
    auto stmt = c.prepare(sql);
    if (!stmt.is_ok()) return stmt.status();
    while (true) {
      auto row = stmt->step();
      if (!row.is_ok()) return row.status();
      if (!*row) break;
      TableRow r;
      r.reserve(columns.size());
      for (size_t i = 0; i < columns.size(); ++i) {
        const int at = static_cast<int>(2 * i);
        if (stmt->column_int64(at)) {
          r.emplace_back(std::nullopt);
        } else {
          r.emplace_back(stmt->column_text(at + 1));
        }
      }
      rows.push_back(std::move(r));
    }
    return Status::ok();
  });
  if (!s.is_ok()) return s;
  return rows;
}

Status SqliteTableIo::write_all(const std::vector<std::string>& clear, const std::vector<TableData>& data) {
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
        params += i ? ", ?" : "?";
      }
      sql += ") VALUES (" + params + ")";
      for (const auto& row : t.rows) {
        auto stmt = c.prepare(sql);
        if (!stmt.is_ok()) return stmt.status();
        for (size_t i = 0; i < row.size(); ++i) {
          if (row[i]) {
            stmt->bind(static_cast<int>(i + 1), *row[i]);
          } else {
            stmt->bind_null(static_cast<int>(i + 1));
          }
        }
        if (Status s = stmt->run(); !s.is_ok()) return Status(s.code(), "copying into " + t.table + ": " + s.message());
      }
    }
    return Status::ok();
  });
}

}  // namespace deskd::storage::sqlite
