#include "storage/sqlite/people_store.h"

#include "core/text.h"

namespace deskd::storage::sqlite {

Result<Person> SqlitePeopleStore::create(const NewPerson& person) {
  Person created;
  created.email = ascii_lower(person.email);
  created.name = person.name;
  created.role = person.role;
  created.password_hash = person.password_hash;
  created.language = person.language;
  created.created_ms = db_.clock().now_ms();
  if (created.email.empty()) return invalid_argument("person e-mail is empty");
  Result<int64_t> id =
      insert_row(db_,
                 "INSERT INTO people (email, name, role, password_hash, language, disabled, created_ms) "
                 "VALUES (?, ?, ?, ?, ?, 0, ?)",
                 [&](Statement& s) {
                   s.bind(1, created.email)
                       .bind(2, created.name)
                       .bind(3, std::string_view(role_name(created.role)))
                       .bind(4, created.password_hash)
                       .bind(5, created.language)
                       .bind(6, created.created_ms);
                 });
  if (id.status().code() == Code::kConflict) return conflict("e-mail already registered");
  if (!id) return id.status();
  created.id = *id;
  return created;
}

Result<Person> SqlitePeopleStore::find_one(std::string_view sql, const std::function<void(Statement&)>& bind,
                                           std::string_view what) {
  std::optional<Result<Person>> found;
  Status status = db_.read([&](Connection& c) {
    Result<Statement> stmt = c.prepare(sql);
    if (!stmt) return stmt.status();
    bind(*stmt);
    Result<bool> row = stmt->step();
    if (!row) return row.status();
    if (*row) found = read_person(*stmt);
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  if (!found) return not_found(std::string(what));
  return std::move(*found);
}

Result<Person> SqlitePeopleStore::find_by_id(int64_t id) {
  return find_one(
      "SELECT " + std::string(kPersonColumns) + " FROM people WHERE id = ?", [&](Statement& s) { s.bind(1, id); },
      "no person with id " + std::to_string(id));
}

Result<Person> SqlitePeopleStore::find_by_email(std::string_view email) {
  std::string lower = ascii_lower(email);
  return find_one(
      "SELECT " + std::string(kPersonColumns) + " FROM people WHERE email = ?", [&](Statement& s) { s.bind(1, lower); },
      "no person with that e-mail");
}

Status SqlitePeopleStore::update(std::string_view sql, int64_t id, const Binder& bind) {
  return change_one(
      db_, sql,
      [&](Statement& s) {
        bind(s);
        s.bind(2, id);
      },
      "no person with id " + std::to_string(id));
}

Status SqlitePeopleStore::set_password_hash(int64_t id, std::string_view hash) {
  return update("UPDATE people SET password_hash = ? WHERE id = ?", id, [&](Statement& s) { s.bind(1, hash); });
}

Status SqlitePeopleStore::set_language(int64_t id, std::string_view language) {
  return update("UPDATE people SET language = ? WHERE id = ?", id, [&](Statement& s) { s.bind(1, language); });
}

Status SqlitePeopleStore::set_email(int64_t id, std::string_view email) {
  const std::string lower = ascii_lower(email);
  if (lower.empty()) return invalid_argument("person e-mail is empty");
  Status s = update("UPDATE people SET email = ? WHERE id = ?", id, [&](Statement& st) { st.bind(1, lower); });
  if (s.code() == Code::kConflict) return conflict("e-mail already registered");
  return s;
}

Status SqlitePeopleStore::set_name(int64_t id, std::string_view name) {
  return update("UPDATE people SET name = ? WHERE id = ?", id, [&](Statement& s) { s.bind(1, name); });
}

Status SqlitePeopleStore::set_role(int64_t id, Role role) {
  return update("UPDATE people SET role = ? WHERE id = ?", id,
                [&](Statement& s) { s.bind(1, std::string_view(role_name(role))); });
}

Status SqlitePeopleStore::set_disabled(int64_t id, bool disabled) {
  return update("UPDATE people SET disabled = ? WHERE id = ?", id, [&](Statement& s) { s.bind_bool(1, disabled); });
}

Result<std::vector<Person>> SqlitePeopleStore::list(int limit, int offset) {
  if (limit < 0 || offset < 0) return invalid_argument("limit and offset must not be negative");
  std::vector<Person> people;
  Status status = for_each_row(
      db_, "SELECT " + std::string(kPersonColumns) + " FROM people ORDER BY id LIMIT ? OFFSET ?",
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

}  // namespace deskd::storage::sqlite
