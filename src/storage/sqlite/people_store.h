#pragma once
#include "storage/sqlite/database.h"
#include "storage/people_store.h"

namespace deskd::storage::sqlite {

// PeopleStore over the `people` table. E-mails are stored ASCII-lower-cased.
// Thread-safe; `db` must outlive the store.
class SqlitePeopleStore final : public PeopleStore {
 public:
  explicit SqlitePeopleStore(Database& db) : db_(db) {}

  Result<Person> create(const NewPerson& person) override;
  Result<Person> find_by_id(int64_t id) override;
  Result<Person> find_by_email(std::string_view email) override;
  Status set_password_hash(int64_t id, std::string_view hash) override;
  Status set_language(int64_t id, std::string_view language) override;
  // InvalidArgument for an empty e-mail.
  Status set_email(int64_t id, std::string_view email) override;
  Status set_name(int64_t id, std::string_view name) override;
  Status set_role(int64_t id, Role role) override;
  Status set_disabled(int64_t id, bool disabled) override;
  // Ordered by id; InvalidArgument for a negative limit or offset.
  Result<std::vector<Person>> list(int limit, int offset) override;

 private:
  Result<Person> find_one(std::string_view sql, const std::function<void(Statement&)>& bind, std::string_view what);
  Status update(std::string_view sql, int64_t id, const Binder& bind);

  Database& db_;
};

}  // namespace deskd::storage::sqlite
