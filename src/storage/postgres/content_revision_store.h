#pragma once
#include <functional>
#include <map>
#include <mutex>
#include <vector>

#include "storage/content_revision.h"
#include "storage/postgres/database.h"

namespace deskd::storage::postgres {

// ContentRevisionStore over the content_revision table (migration 0009). The
// knowledge-base and engagement stores of the same Database bump it inside
// their write transactions (write()), which tells the listeners after the
// commit, on the writing thread, with the connection already returned to the
// pool. Thread-safe; `db` must outlive it.
class PgContentRevisions final : public ContentRevisionStore {
 public:
  explicit PgContentRevisions(Database& db) : db_(db) {}

  Result<ContentRevision> read() override;
  int add_listener(ContentListener listener) override;
  void remove_listener(int id) override;

  // Runs `fn` in one write transaction (Database::write) whose last statement
  // adds one to `scope`'s revision; after the commit, tells the listeners,
  // with the articles `fn` added to `articles`. Nothing is bumped or told when
  // `fn` fails.
  Status write(ContentScope scope, const std::function<Status(Connection&, std::vector<int64_t>& articles)>& fn);

 private:
  // Listeners are copied under mu_ and called outside it.
  void notify(const ContentChange& change);

  Database& db_;
  std::mutex mu_;
  std::map<int, ContentListener> listeners_;  // guarded by mu_
  int next_id_ = 1;                           // guarded by mu_
};

// The content_revision.scope value of `scope` ("kb" | "engage").
std::string_view content_scope_key(ContentScope scope);

}  // namespace deskd::storage::postgres
