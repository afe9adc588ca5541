#pragma once
#include "storage/sqlite/database.h"
#include "storage/remember_store.h"

namespace deskd::storage::sqlite {

// RememberStore over the `remember_tokens` table. Thread-safe; `db` must
// outlive the store.
//  - insert: InvalidArgument for an empty selector or validator hash, an
//    audience other than "user"/"agent", or a person that does not exist;
//    Conflict when the selector exists.
//  - rotate: one conditional UPDATE (compare-and-swap on validator_hash), so
//    of several racing rotations with the same expected hash exactly one wins.
//  - remove_expired removes tokens with expires_ms <= now_ms.
//  - tokens die with their person (ON DELETE CASCADE).
//  - lists are ordered by last_used_ms, newest first (ties: newest id first).
class SqliteRememberStore final : public RememberStore {
 public:
  explicit SqliteRememberStore(Database& db) : db_(db) {}

  Status insert(RememberToken& token) override;
  Result<RememberToken> find_by_selector(std::string_view selector) override;
  Status rotate(int64_t id, std::string_view expected_hash, std::string_view new_hash, int64_t now_ms) override;
  Status remove(int64_t id) override;
  Result<size_t> remove_by_person(int64_t person_id) override;
  Result<size_t> remove_expired(int64_t now_ms) override;
  Result<std::vector<RememberToken>> list_by_person(int64_t person_id) override;
  // InvalidArgument for a negative limit or offset.
  Result<std::vector<RememberToken>> list_all(int limit, int offset) override;

 private:
  Result<size_t> delete_many(std::string_view sql, const Binder& bind);

  Database& db_;
};

}  // namespace deskd::storage::sqlite
