#pragma once
// storage::PersonalSqlAccess over this backend's Database (storage/personal_sql.h).
#include "storage/personal_sql.h"
#include "storage/sqlite/database.h"

namespace deskd::storage::sqlite {

class SqlitePersonalSql final : public PersonalSqlAccess {
 public:
  explicit SqlitePersonalSql(Database& db) : db_(db) {}
  Status read(const std::function<Status(PersonalSql&)>& fn) override;
  Status write(const std::function<Status(PersonalSql&)>& fn) override;

 private:
  Database& db_;
};

}  // namespace deskd::storage::sqlite
