#pragma once
// People: staff and customers who can sign in.
//
// Threading: every call may block (disk, network); call from the worker pool.
// Implementations are thread-safe.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "storage/records.h"

namespace deskd::storage {

class PeopleStore {
 public:
  virtual ~PeopleStore() = default;
  // Conflict when the (case-insensitive) e-mail exists.
  virtual Result<Person> create(const NewPerson& person) = 0;
  virtual Result<Person> find_by_id(int64_t id) = 0;
  // Case-insensitive; NotFound when absent.
  virtual Result<Person> find_by_email(std::string_view email) = 0;
  virtual Status set_password_hash(int64_t id, std::string_view hash) = 0;
  virtual Status set_language(int64_t id, std::string_view language) = 0;
  // Stored lower-cased; Conflict when another person has the (case-insensitive) e-mail.
  virtual Status set_email(int64_t id, std::string_view email) = 0;
  virtual Status set_name(int64_t id, std::string_view name) = 0;
  virtual Status set_role(int64_t id, Role role) = 0;
  virtual Status set_disabled(int64_t id, bool disabled) = 0;
  virtual Result<std::vector<Person>> list(int limit, int offset) = 0;
};

}  // namespace deskd::storage
