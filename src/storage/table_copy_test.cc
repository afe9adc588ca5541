#include "storage/table_copy.h"

#include <gtest/gtest.h>

#include <map>

namespace deskd::storage {
namespace {

std::vector<std::string> names(const std::vector<TableInfo>& tables) {
  std::vector<std::string> out;
  for (const auto& t : tables) out.push_back(t.name);
  return out;
}

TEST(TableCopyTest, TablesComeAfterTheTablesTheyReference) {
  auto ordered = dependency_order({{"sessions", {}, {"people"}, ""},
                                   {"kb_articles", {}, {"kb_categories", "people"}, ""},
                                   {"people", {}, {}, ""},
                                   {"kb_categories", {}, {}, "parent_id"},
                                   {"kb_translations", {}, {"kb_articles"}, ""}});
  ASSERT_TRUE(ordered.is_ok());
  EXPECT_EQ(names(*ordered),
            (std::vector<std::string>{"kb_categories", "people", "sessions", "kb_articles", "kb_translations"}));
}

TEST(TableCopyTest, ACycleBetweenTablesIsRefused) {
  auto ordered = dependency_order({{"a", {}, {"b"}, ""}, {"b", {}, {"a"}, ""}});
  EXPECT_FALSE(ordered.is_ok());
}

TEST(TableCopyTest, ParentsComeBeforeTheirChildren) {
  // id, parent_id: 3 is a child of 5, which is a child of 1.
  std::vector<TableRow> rows = {{"3", "5"}, {"1", std::nullopt}, {"5", "1"}, {"2", std::nullopt}};
  auto ordered = parents_first(rows, 0, 1);
  ASSERT_TRUE(ordered.is_ok());
  std::vector<std::string> ids;
  for (const auto& r : *ordered) ids.push_back(*r[0]);
  EXPECT_EQ(ids, (std::vector<std::string>{"1", "5", "2", "3"}));
  EXPECT_FALSE(parents_first({{"1", "9"}}, 0, 1).is_ok()) << "a missing parent is refused";
}

// An in-memory TableIo: enough to test the copy's checks without a database.
class MemoryTables final : public TableIo {
 public:
  std::map<std::string, TableInfo> info;
  std::map<std::string, std::vector<TableRow>> rows;
  bool drop_last_row_on_write = false;

  Result<std::vector<TableInfo>> tables() override {
    std::vector<TableInfo> out;
    for (const auto& [_, t] : info) out.push_back(t);
    return out;
  }
  Result<int64_t> count(const std::string& table) override { return static_cast<int64_t>(rows[table].size()); }
  Result<std::vector<TableRow>> read_all(const TableInfo& table, const std::vector<std::string>&) override {
    return rows[table.name];
  }
  Status write_all(const std::vector<std::string>& clear, const std::vector<TableData>& data) override {
    for (const auto& t : clear) rows[t].clear();
    for (const auto& d : data) {
      for (const auto& r : d.rows) rows[d.table].push_back(r);
      if (drop_last_row_on_write && !rows[d.table].empty()) rows[d.table].pop_back();
    }
    return Status::ok();
  }
};

MemoryTables helpdesk_schema() {
  MemoryTables m;
  m.info["people"] = {"people", {"id", "email"}, {}, ""};
  m.info["settings"] = {"settings", {"key", "value"}, {}, ""};
  return m;
}

TEST(TableCopyTest, CopiesEveryRowAndReplacesSeededRows) {
  MemoryTables from = helpdesk_schema(), to = helpdesk_schema();
  from.rows["people"] = {{"1", "a@example.test"}, {"2", "b@example.test"}};
  from.rows["settings"] = {{"auth.remember_days", "30"}};
  to.rows["settings"] = {{"seeded", "x"}};
  auto copied = copy_tables(from, to);
  ASSERT_TRUE(copied.is_ok()) << copied.status().to_string();
  EXPECT_EQ(to.rows["people"], from.rows["people"]);
  EXPECT_EQ(to.rows["settings"], from.rows["settings"]);
  ASSERT_EQ(copied->size(), 2u);
  for (const auto& c : *copied) EXPECT_EQ(c.source_rows, c.destination_rows) << c.table;
}

TEST(TableCopyTest, ADestinationThatHoldsAHelpdeskIsRefused) {
  MemoryTables from = helpdesk_schema(), to = helpdesk_schema();
  from.rows["people"] = {{"1", "a@example.test"}};
  to.rows["people"] = {{"7", "someone@example.test"}};
  auto copied = copy_tables(from, to);
  ASSERT_FALSE(copied.is_ok());
  EXPECT_NE(copied.status().message().find("table 'people' has 1 rows"), std::string::npos)
      << copied.status().message();
  EXPECT_EQ(to.rows["people"].size(), 1u) << "nothing written";
}

TEST(TableCopyTest, AMissingTableOrColumnInTheDestinationIsRefused) {
  MemoryTables from = helpdesk_schema(), to = helpdesk_schema();
  from.info["tickets"] = {"tickets", {"id"}, {}, ""};
  EXPECT_NE(copy_tables(from, to).status().message().find("no table 'tickets'"), std::string::npos);
  MemoryTables wider = helpdesk_schema();
  wider.info["people"].columns.push_back("nickname");
  EXPECT_NE(copy_tables(wider, to).status().message().find("no column 'nickname'"), std::string::npos);
}

TEST(TableCopyTest, ACountMismatchAfterTheWriteIsAnError) {
  MemoryTables from = helpdesk_schema(), to = helpdesk_schema();
  from.rows["people"] = {{"1", "a@example.test"}, {"2", "b@example.test"}};
  to.drop_last_row_on_write = true;
  auto copied = copy_tables(from, to);
  ASSERT_FALSE(copied.is_ok());
  EXPECT_NE(copied.status().message().find("2 rows in the source but 1 in the destination"), std::string::npos)
      << copied.status().message();
}

}  // namespace
}  // namespace deskd::storage
