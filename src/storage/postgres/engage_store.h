#pragma once
#include "storage/engage_store.h"
#include "storage/postgres/content_revision_store.h"
#include "storage/postgres/database.h"

namespace deskd::storage::postgres {

// EngageStore over the visitors, page_views, votes and comments tables
// (migration 0005). Thread-safe; `db` must outlive it. Same contract as
// sqlite::SqliteEngageStore; times the store sets itself come from the
// Database's clock; person id 0 is stored as NULL. record_page_views upserts
// the batch's visitors in id order first, so batches from several nodes
// cannot deadlock on visitor rows, each visitor once per batch. Every write
// except record_page_views bumps the engagement revision through `revisions`
// (which must outlive the store) in its own transaction.
class PgEngageStore final : public EngageStore {
 public:
  PgEngageStore(Database& db, PgContentRevisions& revisions) : db_(db), revisions_(revisions) {}

  Status record_page_views(const std::vector<PageView>& batch) override;
  Result<std::vector<PageView>> recent_page_views(std::string_view visitor_id, int limit) override;
  Status attach_visitor(std::string_view visitor_id, int64_t person_id) override;
  Result<VoteCounts> cast_vote(int64_t article_id, std::string_view voter, int value, int64_t person_id) override;
  Result<VoteCounts> vote_counts(int64_t article_id) override;
  Result<int> my_vote(int64_t article_id, std::string_view voter) override;
  Result<std::vector<Vote>> article_votes(int64_t article_id, int limit) override;
  Status add_comment(Comment& comment) override;
  Result<std::vector<Comment>> comments_for_article(int64_t article_id,
                                                    const std::vector<std::string>& voter_keys) override;
  Result<int64_t> approved_count(int64_t article_id) override;
  Result<std::vector<Comment>> visible_comments(int64_t article_id) override;
  Result<std::vector<Comment>> pending_comments(int limit, int offset) override;
  Result<int64_t> pending_count() override;
  Result<Comment> find_comment(int64_t comment_id) override;
  Status moderate(int64_t comment_id, CommentStatus status, int64_t agent_id) override;

 private:
  Database& db_;
  PgContentRevisions& revisions_;
};

}  // namespace deskd::storage::postgres
