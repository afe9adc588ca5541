#pragma once
// Article feedback (SPEC §2): votes and comments, each write durable and
// acknowledged, and the link from a visitor to the person who signed in.
// Articles live in the knowledge-base store; rows here refer to them by id.
//
// Voter keys name who acted, across sessions: "v:<dp_v>" (visitor token),
// "p:<person id>" (signed in) or "s:<session id hash>" (no optional cookies).
// Times are Unix milliseconds; person id 0 means "nobody".
//
// Every write bumps the engagement content revision (content_revision.h),
// naming the articles it touched.
//
// Threading: every call may block; implementations are thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace deskd::storage {

struct VoteCounts {
  int64_t up = 0;
  int64_t down = 0;
};

struct Vote {
  std::string voter;
  int value = 0;  // +1 or -1
};

enum class CommentStatus { kPending, kApproved, kRejected };
const char* comment_status_name(CommentStatus status);  // "pending" | "approved" | "rejected"
std::optional<CommentStatus> parse_comment_status(std::string_view name);

struct Comment {
  int64_t id = 0;
  int64_t article_id = 0;
  int64_t person_id = 0;
  std::string voter;  // author's voter key, so their own browser sees it while pending
  std::string name;
  std::string email;
  std::string body;  // plain text
  std::string lang;
  CommentStatus status = CommentStatus::kPending;
  int64_t created_ms = 0;
  int64_t moderated_by = 0;  // agent person id, 0 until moderated
  int64_t moderated_ms = 0;
};

// The person id of a "p:<id>" voter key, or 0 for any other key.
int64_t person_of_key(std::string_view key);

// Who wrote a pending comment: the voter key it was written under, and the
// person (0 for a guest).
struct CommentAuthor {
  std::string voter;
  int64_t person_id = 0;
};

class FeedbackStore {
 public:
  virtual ~FeedbackStore() = default;

  // Links the visitor to the person: visitors.person_id, and person_id on the
  // visitor's page views, votes and comments. The visitor's votes become the
  // person's ("p:<id>"); where the person already voted on that article, the
  // person's vote stays and the visitor's is dropped. Comments keep their
  // voter key. Creates the visitor row when it does not exist yet.
  virtual Status attach_visitor(std::string_view visitor_id, int64_t person_id) = 0;

  // Upserts the voter's vote (value +1 or -1, else InvalidArgument; empty
  // voter InvalidArgument) and returns the article's counts after it.
  // `person_id` (may be 0) is stored with the vote.
  virtual Result<VoteCounts> cast_vote(int64_t article_id, std::string_view voter, int value, int64_t person_id) = 0;
  virtual Result<VoteCounts> vote_counts(int64_t article_id) = 0;
  // +1, -1, or 0 when the voter has not voted on the article.
  virtual Result<int> my_vote(int64_t article_id, std::string_view voter) = 0;
  // The article's votes, at most `limit` (>= 0), in no particular order.
  virtual Result<std::vector<Vote>> article_votes(int64_t article_id, int limit) = 0;

  // Stores the comment as given (status, times); fills comment.id.
  // InvalidArgument for an empty body or voter.
  virtual Status add_comment(Comment& comment) = 0;
  // The article's approved comments, oldest first.
  virtual Result<std::vector<Comment>> approved_comments(int64_t article_id) = 0;
  // The article's pending comments written under one of `voter_keys`, oldest
  // first: what a reader sees of their own comments before moderation. A key
  // "p:<id>" also matches comments whose person_id is <id>; empty keys match
  // nothing.
  virtual Result<std::vector<Comment>> pending_comments_by(int64_t article_id,
                                                           const std::vector<std::string>& voter_keys) = 0;
  virtual Result<int64_t> approved_count(int64_t article_id) = 0;
  // The distinct authors of the article's pending comments, at most `limit`
  // (>= 0), in no particular order: who may see a pending comment of their own.
  virtual Result<std::vector<CommentAuthor>> pending_authors(int64_t article_id, int limit) = 0;
  // Pending comments of every article, oldest first.
  virtual Result<std::vector<Comment>> pending_comments(int limit, int offset) = 0;
  virtual Result<int64_t> pending_count() = 0;
  virtual Result<Comment> find_comment(int64_t comment_id) = 0;
  // Sets status, moderated_by and moderated_ms (the store's clock).
  // NotFound for a missing comment; InvalidArgument for kPending.
  virtual Status moderate(int64_t comment_id, CommentStatus status, int64_t agent_id) = 0;
};

}  // namespace deskd::storage
