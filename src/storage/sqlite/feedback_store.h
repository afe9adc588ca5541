#pragma once
#include "storage/feedback_store.h"
#include "storage/sqlite/content_revision_store.h"
#include "storage/sqlite/database.h"

namespace deskd::storage::sqlite {

// FeedbackStore over the votes and comments tables, and the visitor link of
// attach_visitor (visitors, page_views; migration 0005). Thread-safe; `db`
// must outlive it. Times the store sets itself (votes.updated_ms,
// comments.moderated_ms, visitors created by attach_visitor) come from the
// Database's clock. Person id 0 is stored as NULL. Every write bumps the
// engagement revision through `revisions` (which must outlive the store) in
// the write's own transaction.
class SqliteFeedbackStore final : public FeedbackStore {
 public:
  SqliteFeedbackStore(Database& db, SqliteContentRevisions& revisions) : db_(db), revisions_(revisions) {}

  Status attach_visitor(std::string_view visitor_id, int64_t person_id) override;
  Result<VoteCounts> cast_vote(int64_t article_id, std::string_view voter, int value, int64_t person_id) override;
  Result<VoteCounts> vote_counts(int64_t article_id) override;
  Result<int> my_vote(int64_t article_id, std::string_view voter) override;
  Result<std::vector<Vote>> article_votes(int64_t article_id, int limit) override;
  Status add_comment(Comment& comment) override;
  Result<std::vector<Comment>> approved_comments(int64_t article_id) override;
  Result<std::vector<Comment>> pending_comments_by(int64_t article_id,
                                                   const std::vector<std::string>& voter_keys) override;
  Result<int64_t> approved_count(int64_t article_id) override;
  Result<std::vector<CommentAuthor>> pending_authors(int64_t article_id, int limit) override;
  Result<std::vector<Comment>> pending_comments(int limit, int offset) override;
  Result<int64_t> pending_count() override;
  Result<Comment> find_comment(int64_t comment_id) override;
  Status moderate(int64_t comment_id, CommentStatus status, int64_t agent_id) override;

 private:
  Database& db_;
  SqliteContentRevisions& revisions_;
};

}  // namespace deskd::storage::sqlite
