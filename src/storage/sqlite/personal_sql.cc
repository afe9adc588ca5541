#include "storage/sqlite/personal_sql.h"

namespace deskd::storage::sqlite {
namespace {

class Row final : public SqlRow {
 public:
  explicit Row(const Statement& stmt) : stmt_(stmt) {}
  int64_t integer(int column) const override { return stmt_.column_int64(column); }
  std::string text(int column) const override { return stmt_.column_text(column); }

 private:
  const Statement& stmt_;
};

// Statements on one leased connection.
class ConnectionSql final : public PersonalSql {
 public:
  explicit ConnectionSql(Connection& c) : c_(c) {}

  Status each_row(std::string_view sql, const SqlParams& params,
                  const std::function<Status(const SqlRow&)>& on_row) override {
    Result<Statement> stmt = prepare(sql, params);
    if (!stmt) return stmt.status();
    const Row row(*stmt);
    for (;;) {
      Result<bool> more = stmt->step();
      if (!more) return more.status();
      if (!*more) return Status::ok();
      if (Status s = on_row(row); !s.is_ok()) return s;
    }
  }

  Result<int64_t> run(std::string_view sql, const SqlParams& params) override {
    Result<Statement> stmt = prepare(sql, params);
    if (!stmt) return stmt.status();
    if (Status s = stmt->run(); !s.is_ok()) return s;
    return c_.changes();
  }

 private:
  Result<Statement> prepare(std::string_view sql, const SqlParams& params) {
    const NumberedSql numbered = number_parameters(sql, '?');
    Result<Statement> stmt = c_.prepare(numbered.text);
    if (!stmt) return stmt.status();
    for (size_t i = 0; i < numbered.sources.size(); ++i) {
      const int source = numbered.sources[i];
      if (source < 1 || static_cast<size_t>(source) > params.size())
        return invalid_argument("personal-data SQL mentions ?" + std::to_string(source) + " beyond its parameters");
      const int index = static_cast<int>(i) + 1;
      std::visit([&](const auto& v) { stmt->bind(index, v); }, params[source - 1]);
    }
    return stmt;
  }

  Connection& c_;
};

}  // namespace

Status SqlitePersonalSql::read(const std::function<Status(PersonalSql&)>& fn) {
  return db_.read([&](Connection& c) {
    ConnectionSql sql(c);
    return fn(sql);
  });
}

Status SqlitePersonalSql::write(const std::function<Status(PersonalSql&)>& fn) {
  return db_.write([&](Connection& c) {
    ConnectionSql sql(c);
    return fn(sql);
  });
}

}  // namespace deskd::storage::sqlite
