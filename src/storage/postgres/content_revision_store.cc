#include "storage/postgres/content_revision_store.h"

namespace deskd::storage::postgres {

std::string_view content_scope_key(ContentScope scope) {
  return scope == ContentScope::kKnowledgeBase ? "kb" : "engage";
}

Result<ContentRevision> PgContentRevisions::read() {
  ContentRevision out;
  Status status = for_each_row(
      db_, "SELECT scope, revision FROM content_revision", [](Statement&) {},
      [&](const Statement& row) {
        (row.column_text(0) == "kb" ? out.knowledge_base : out.engagement) = row.column_int64(1);
        return Status::ok();
      });
  if (!status.is_ok()) return status;
  return out;
}

int PgContentRevisions::add_listener(ContentListener listener) {
  std::lock_guard lock(mu_);
  const int id = next_id_++;
  listeners_.emplace(id, std::move(listener));
  return id;
}

void PgContentRevisions::remove_listener(int id) {
  std::lock_guard lock(mu_);
  listeners_.erase(id);
}

void PgContentRevisions::notify(const ContentChange& change) {
  std::vector<ContentListener> listeners;
  {
    std::lock_guard lock(mu_);
    listeners.reserve(listeners_.size());
    for (const auto& [id, listener] : listeners_) listeners.push_back(listener);
  }
  for (const ContentListener& listener : listeners) listener(change);
}

Status PgContentRevisions::write(ContentScope scope,
                                 const std::function<Status(Connection&, std::vector<int64_t>&)>& fn) {
  ContentChange change;
  change.scope = scope;
  Status status = db_.write([&](Connection& c) {
    change.article_ids.clear();  // a retried lease starts over
    if (Status s = fn(c, change.article_ids); !s.is_ok()) return s;
    // Last, so the row lock that orders this scope's writers is held only
    // until the COMMIT that follows.
    Result<Statement> bump =
        c.prepare("UPDATE content_revision SET revision = revision + 1 WHERE scope = $1 RETURNING revision");
    if (!bump) return bump.status();
    bump->bind(1, content_scope_key(scope));
    Result<bool> row = bump->step();
    if (!row) return row.status();
    if (!*row) return internal("content_revision has no row for " + std::string(content_scope_key(scope)));
    change.revision = bump->column_int64(0);
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  notify(change);
  return Status::ok();
}

}  // namespace deskd::storage::postgres
