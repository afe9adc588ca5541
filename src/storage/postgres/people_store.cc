#include "storage/postgres/people_store.h"

#include "core/text.h"

namespace deskd::storage::postgres {

Result<Person> PgPeopleStore::create(const NewPerson& person) {
  Person created;
  created.email = ascii_lower(person.email);
  created.name = person.name;
  created.role = person.role;
  created.password_hash = person.password_hash;
  created.language = person.language;
  created.created_ms = db_.clock().now_ms();
  if (created.email.empty()) return invalid_argument("person e-mail is empty");
  Result<int64_t> id =
      insert_returning_id(db_,
                          "INSERT INTO people (email, name, role, password_hash, language, disabled, created_ms) "
                          "VALUES ($1, $2, $3, $4, $5, FALSE, $6) RETURNING id",
                          [&](Statement& s) {
                            s.bind(1, created.email)
                                .bind(2, created.name)
                                .bind(3, role_name(created.role))
                                .bind(4, created.password_hash)
                                .bind(5, created.language)
                                .bind(6, created.created_ms);
                          });
  if (id.status().code() == Code::kConflict) return conflict("e-mail already registered");
  if (!id) return id.status();
  created.id = *id;
  return created;
}

Result<Person> PgPeopleStore::find_one(std::string_view sql, const Binder& bind, std::string_view what) {
  std::optional<Result<Person>> found;
  Status status = for_each_row(db_, sql, bind, [&](const Statement& row) {
    if (!found) found = read_person(row);
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  if (!found) return not_found(std::string(what));
  return std::move(*found);
}

Result<Person> PgPeopleStore::find_by_id(int64_t id) {
  return find_one(
      "SELECT " + std::string(kPersonColumns) + " FROM people WHERE id = $1", [&](Statement& s) { s.bind(1, id); },
      "no person with id " + std::to_string(id));
}

Result<Person> PgPeopleStore::find_by_email(std::string_view email) {
  const std::string lower = ascii_lower(email);
  return find_one(
      "SELECT " + std::string(kPersonColumns) + " FROM people WHERE email = $1",
      [&](Statement& s) { s.bind(1, lower); }, "no person with that e-mail");
}

Status PgPeopleStore::update(std::string_view sql, int64_t id, const Binder& bind) {
  return change_one(
      db_, sql,
      [&](Statement& s) {
        bind(s);
        s.bind(2, id);
      },
      "no person with id " + std::to_string(id));
}

Status PgPeopleStore::set_password_hash(int64_t id, std::string_view hash) {
  return update("UPDATE people SET password_hash = $1 WHERE id = $2", id, [&](Statement& s) { s.bind(1, hash); });
}

Status PgPeopleStore::set_language(int64_t id, std::string_view language) {
  return update("UPDATE people SET language = $1 WHERE id = $2", id, [&](Statement& s) { s.bind(1, language); });
}

Status PgPeopleStore::set_email(int64_t id, std::string_view email) {
  const std::string lower = ascii_lower(email);
  if (lower.empty()) return invalid_argument("person e-mail is empty");
  Status s = update("UPDATE people SET email = $1 WHERE id = $2", id, [&](Statement& st) { st.bind(1, lower); });
  if (s.code() == Code::kConflict) return conflict("e-mail already registered");
  return s;
}

Status PgPeopleStore::set_name(int64_t id, std::string_view name) {
  return update("UPDATE people SET name = $1 WHERE id = $2", id, [&](Statement& s) { s.bind(1, name); });
}

Status PgPeopleStore::set_role(int64_t id, Role role) {
  return update("UPDATE people SET role = $1 WHERE id = $2", id, [&](Statement& s) { s.bind(1, role_name(role)); });
}

Status PgPeopleStore::set_disabled(int64_t id, bool disabled) {
  return update("UPDATE people SET disabled = $1 WHERE id = $2", id, [&](Statement& s) { s.bind_bool(1, disabled); });
}

Result<std::vector<Person>> PgPeopleStore::list(int limit, int offset) {
  if (limit < 0 || offset < 0) return invalid_argument("limit and offset must not be negative");
  std::vector<Person> people;
  Status status = for_each_row(
      db_, "SELECT " + std::string(kPersonColumns) + " FROM people ORDER BY id LIMIT $1 OFFSET $2",
      [&](Statement& s) { s.bind(1, int64_t{limit}).bind(2, int64_t{offset}); },
      [&](const Statement& row) {
        Result<Person> person = read_person(row);
        if (!person) return person.status();
        people.push_back(std::move(*person));
        return Status::ok();
      });
  if (!status.is_ok()) return status;
  return people;
}

}  // namespace deskd::storage::postgres
