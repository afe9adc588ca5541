#include "storage/sqlite/content_revision_store.h"

namespace deskd::storage::sqlite {
namespace {

std::string_view scope_name(ContentScope scope) {
  return scope == ContentScope::kKnowledgeBase ? "kb" : "engage";
}

// Adds one to the scope's revision inside the caller's transaction.
Result<int64_t> bump(Connection& c, ContentScope scope) {
  Result<Statement> stmt =
      c.prepare("UPDATE content_revision SET revision = revision + 1 WHERE scope = ? RETURNING revision");
  if (!stmt) return stmt.status();
  stmt->bind(1, scope_name(scope));
  Result<bool> row = stmt->step();
  if (!row) return row.status();
  if (!*row) return internal("content_revision has no row for " + std::string(scope_name(scope)));
  const int64_t revision = stmt->column_int64(0);
  stmt->reset();
  return revision;
}

}  // namespace

Result<ContentRevision> SqliteContentRevisions::read() {
  ContentRevision out;
  Status status = for_each_row(
      db_, "SELECT scope, revision FROM content_revision", [](Statement&) {},
      [&](const Statement& row) {
        const std::string scope = row.column_text(0);
        (scope == "kb" ? out.knowledge_base : out.engagement) = row.column_int64(1);
        return Status::ok();
      });
  if (!status.is_ok()) return status;
  return out;
}

void SqliteContentRevisions::set_listener(ContentListener listener) {
  std::lock_guard lock(mu_);
  listener_ = std::move(listener);
}

Status SqliteContentRevisions::write(ContentScope scope,
                                     const std::function<Status(Connection&, std::vector<int64_t>&)>& fn) {
  ContentChange change;
  change.scope = scope;
  Status status = db_.write([&](Connection& c) {
    if (Status s = fn(c, change.article_ids); !s.is_ok()) return s;
    Result<int64_t> revision = bump(c, scope);
    if (!revision) return revision.status();
    change.revision = *revision;
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  ContentListener listener;
  {
    std::lock_guard lock(mu_);
    listener = listener_;
  }
  if (listener) listener(change);
  return Status::ok();
}

}  // namespace deskd::storage::sqlite
