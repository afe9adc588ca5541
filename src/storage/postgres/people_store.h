#pragma once
#include "storage/postgres/database.h"
#include "storage/people_store.h"

namespace deskd::storage::postgres {

// PeopleStore over the `people` table. E-mails are stored ASCII-lower-cased.
// Thread-safe; `db` must outlive the store. Same contract as
// sqlite::SqlitePeopleStore: InvalidArgument for an empty e-mail or a
// negative limit/offset; list() is ordered by id.
class PgPeopleStore final : public PeopleStore {
 public:
  explicit PgPeopleStore(Database& db) : db_(db) {}

  Result<Person> create(const NewPerson& person) override;
  Result<Person> find_by_id(int64_t id) override;
  Result<Person> find_by_email(std::string_view email) override;
  Status set_password_hash(int64_t id, std::string_view hash) override;
  Status set_language(int64_t id, std::string_view language) override;
  Status set_email(int64_t id, std::string_view email) override;
  Status set_name(int64_t id, std::string_view name) override;
  Status set_role(int64_t id, Role role) override;
  Status set_disabled(int64_t id, bool disabled) override;
  Result<std::vector<Person>> list(int limit, int offset) override;

 private:
  Result<Person> find_one(std::string_view sql, const Binder& bind, std::string_view what);
  Status update(std::string_view sql, int64_t id, const Binder& bind);

  Database& db_;
};

}  // namespace deskd::storage::postgres
