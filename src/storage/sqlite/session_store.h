#pragma once
#include "storage/sqlite/database.h"
#include "storage/session_store.h"

namespace deskd::storage::sqlite {

// SessionStore over the `sessions` table. Thread-safe; `db` must outlive it.
//  - insert: Conflict when id_hash exists.
//  - update_data, remove, remove_by_row_id: NotFound when no row matched.
//  - touch_many: hashes that no longer exist are skipped; last_seen_ms never
//    moves backwards.
//  - remove_by_person: InvalidArgument for person 0 (anonymous sessions).
//  - lists are ordered by last_seen_ms, newest first.
class SqliteSessionStore final : public SessionStore {
 public:
  explicit SqliteSessionStore(Database& db) : db_(db) {}

  Status insert(SessionRecord& record) override;
  Result<SessionRecord> find(std::string_view id_hash) override;
  Status update_data(std::string_view id_hash, std::string_view data) override;
  Status touch_many(const std::vector<std::pair<std::string, int64_t>>& id_hash_last_seen) override;
  Status remove(std::string_view id_hash) override;
  Status remove_by_row_id(int64_t row_id) override;
  Result<std::vector<std::string>> remove_by_person(int64_t person_id, std::string_view keep_id_hash) override;
  Result<std::vector<SessionRecord>> list_by_person(int64_t person_id) override;
  Result<std::vector<SessionRecord>> list_all(int limit, int offset) override;
  Result<std::vector<std::string>> remove_expired(SessionInterface interface, int64_t idle_cutoff_ms,
                                                  int64_t absolute_cutoff_ms) override;
  Result<int64_t> count() override;

 private:
  Database& db_;
};

}  // namespace deskd::storage::sqlite
