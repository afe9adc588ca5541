#pragma once
// storage::PersonalSqlAccess over this backend's Database (storage/personal_sql.h).
#include "storage/personal_sql.h"
#include "storage/postgres/database.h"

namespace deskd::storage::postgres {

class PgPersonalSql final : public PersonalSqlAccess {
 public:
  explicit PgPersonalSql(Database& db) : db_(db) {}
  Status read(const std::function<Status(PersonalSql&)>& fn) override;
  Status write(const std::function<Status(PersonalSql&)>& fn) override;

 private:
  Database& db_;
};

}  // namespace deskd::storage::postgres
