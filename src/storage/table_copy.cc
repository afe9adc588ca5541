#include "storage/table_copy.h"

#include <algorithm>
#include <map>
#include <set>

namespace deskd::storage {

bool is_seeded_table(const std::string& table) {
  return table == "settings" || table == "content_revision";
}

bool is_derived_table(const std::string& table) {
  return table == "ticket_search";
}

Result<std::vector<TableInfo>> dependency_order(std::vector<TableInfo> tables) {
  std::sort(tables.begin(), tables.end(), [](const TableInfo& a, const TableInfo& b) { return a.name < b.name; });
  std::set<std::string> known;
  for (const auto& t : tables) known.insert(t.name);
  std::vector<TableInfo> ordered;
  std::set<std::string> placed;
  while (ordered.size() < tables.size()) {
    bool progress = false;
    for (const auto& t : tables) {
      if (placed.count(t.name)) continue;
      const bool ready = std::all_of(t.references.begin(), t.references.end(), [&](const std::string& r) {
        return r == t.name || placed.count(r) || !known.count(r);
      });
      if (!ready) continue;
      ordered.push_back(t);
      placed.insert(t.name);
      progress = true;
    }
    if (!progress) return invalid_argument("the tables' foreign keys form a cycle; cannot order the copy");
  }
  return ordered;
}

Result<std::vector<TableRow>> parents_first(std::vector<TableRow> rows, size_t id_index, size_t parent_index) {
  std::set<std::string> placed_ids;
  std::vector<TableRow> ordered;
  ordered.reserve(rows.size());
  std::vector<bool> done(rows.size(), false);
  while (ordered.size() < rows.size()) {
    bool progress = false;
    for (size_t i = 0; i < rows.size(); ++i) {
      if (done[i]) continue;
      const CellValue& parent = rows[i][parent_index];
      if (parent && !placed_ids.count(*parent) && parent != rows[i][id_index]) continue;
      if (rows[i][id_index]) placed_ids.insert(*rows[i][id_index]);
      ordered.push_back(rows[i]);
      done[i] = true;
      progress = true;
    }
    if (!progress) return invalid_argument("rows reference parents that do not exist (or form a cycle)");
  }
  return ordered;
}

Result<std::vector<CopiedTable>> copy_tables(TableIo& from, TableIo& to) {
  auto source_tables = from.tables();
  if (!source_tables.is_ok()) return source_tables.status();
  auto dest_tables = to.tables();
  if (!dest_tables.is_ok()) return dest_tables.status();
  std::map<std::string, TableInfo> dest_by_name;
  for (auto& t : *dest_tables) dest_by_name[t.name] = t;

  // The destination's foreign keys decide the order it can take rows in.
  std::vector<TableInfo> plan;
  for (const auto& src : *source_tables) {
    if (is_derived_table(src.name)) continue;  // the destination's triggers fill it
    auto it = dest_by_name.find(src.name);
    if (it == dest_by_name.end())
      return invalid_argument("the destination has no table '" + src.name +
                              "': both sides must run the same deskd version (the destination is migrated on open)");
    for (const auto& c : src.columns) {
      if (std::find(it->second.columns.begin(), it->second.columns.end(), c) == it->second.columns.end())
        return invalid_argument("the destination's table '" + src.name + "' has no column '" + c + "'");
    }
    TableInfo info = it->second;
    info.columns = src.columns;  // what the source has; the destination's defaults fill the rest
    plan.push_back(std::move(info));
  }
  auto ordered = dependency_order(std::move(plan));
  if (!ordered.is_ok()) return ordered.status();

  std::vector<std::string> clear;
  for (const auto& [name, info] : dest_by_name) {
    auto n = to.count(name);
    if (!n.is_ok()) return n.status();
    if (*n == 0) continue;
    if (!is_seeded_table(name))
      return invalid_argument("the destination already holds a helpdesk (table '" + name + "' has " +
                              std::to_string(*n) + " rows); copy into a new, empty database");
    clear.push_back(name);
  }

  std::vector<TableData> data;
  std::vector<CopiedTable> counts;
  for (const auto& t : *ordered) {
    auto n = from.count(t.name);
    if (!n.is_ok()) return n.status();
    auto rows = from.read_all(t, t.columns);
    if (!rows.is_ok()) return rows.status();
    if (static_cast<int64_t>(rows->size()) != *n)
      return internal("table '" + t.name + "' changed while it was read: stop every deskd node before copying");
    if (!t.self_reference.empty()) {
      const auto id = std::find(t.columns.begin(), t.columns.end(), "id");
      const auto parent = std::find(t.columns.begin(), t.columns.end(), t.self_reference);
      if (id != t.columns.end() && parent != t.columns.end()) {
        auto sorted = parents_first(std::move(*rows), static_cast<size_t>(id - t.columns.begin()),
                                    static_cast<size_t>(parent - t.columns.begin()));
        if (!sorted.is_ok())
          return Status(sorted.status().code(), "table '" + t.name + "': " + sorted.status().message());
        rows = std::move(sorted);
      }
    }
    counts.push_back(CopiedTable{t.name, *n, 0});
    data.push_back(TableData{t.name, t.columns, std::move(*rows)});
  }
  if (Status s = to.write_all(clear, data); !s.is_ok()) return s;
  data.clear();

  for (auto& c : counts) {
    auto n = to.count(c.table);
    if (!n.is_ok()) return n.status();
    c.destination_rows = *n;
    if (c.destination_rows != c.source_rows)
      return internal("table '" + c.table + "': " + std::to_string(c.source_rows) + " rows in the source but " +
                      std::to_string(c.destination_rows) + " in the destination");
  }
  return counts;
}

}  // namespace deskd::storage
