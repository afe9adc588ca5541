#pragma once
#include <functional>
#include <mutex>
#include <vector>

#include "storage/content_revision.h"
#include "storage/sqlite/database.h"

namespace deskd::storage::sqlite {

// ContentRevisionStore over the content_revision table (migration 0008). The
// knowledge-base and engagement stores of the same Database bump it inside
// their write transactions (bump) and report each committed bump (notify).
// Thread-safe; `db` must outlive it.
class SqliteContentRevisions final : public ContentRevisionStore {
 public:
  explicit SqliteContentRevisions(Database& db) : db_(db) {}

  Result<ContentRevision> read() override;
  void set_listener(ContentListener listener) override;

  // Runs `fn` in one write transaction (Database::write) that also adds one to
  // `scope`'s revision; after the commit, tells the listener, with the
  // articles `fn` added to `articles`.
  Status write(ContentScope scope, const std::function<Status(Connection&, std::vector<int64_t>& articles)>& fn);

 private:
  Database& db_;
  mutable std::mutex mu_;
  ContentListener listener_;  // guarded by mu_
};

}  // namespace deskd::storage::sqlite
