#include "storage/postgres/feedback_store.h"

#include <charconv>

namespace deskd::storage::postgres {
namespace {

const std::string kSelectComment = "SELECT " + std::string(kCommentColumns) + " FROM comments ";

Statement& bind_person(Statement& stmt, int index, int64_t person_id) {
  return person_id == 0 ? stmt.bind_null(index) : stmt.bind(index, person_id);
}

Result<VoteCounts> read_counts(Connection& c, int64_t article_id) {
  Result<Statement> stmt = c.prepare(
      "SELECT count(*) FILTER (WHERE value = 1), count(*) FILTER (WHERE value = -1) FROM votes WHERE article_id = $1");
  if (!stmt) return stmt.status();
  stmt->bind(1, article_id);
  Result<bool> row = stmt->step();
  if (!row) return row.status();
  VoteCounts counts;
  if (*row) {
    counts.up = stmt->column_int64(0);
    counts.down = stmt->column_int64(1);
  }
  return counts;
}

}  // namespace

Status PgFeedbackStore::attach_visitor(std::string_view visitor_id, int64_t person_id) {
  if (visitor_id.empty() || person_id <= 0) return invalid_argument("attach_visitor needs a visitor and a person");
  const int64_t now = db_.clock().now_ms();
  const std::string visitor_key = "v:" + std::string(visitor_id);
  const std::string person_key = "p:" + std::to_string(person_id);
  return revisions_.write(ContentScope::kEngagement, [&](Connection& c, std::vector<int64_t>&) {
    struct Step {
      std::string_view sql;
      std::function<void(Statement&)> bind;
    };
    const Step steps[] = {
        {"INSERT INTO visitors (id, person_id, created_ms, last_seen_ms) VALUES ($1, $2, $3, $4) "
         "ON CONFLICT (id) DO UPDATE SET person_id = excluded.person_id",
         [&](Statement& s) { s.bind(1, visitor_id).bind(2, person_id).bind(3, now).bind(4, now); }},
        {"UPDATE page_views SET person_id = $1 WHERE visitor_id = $2 AND person_id IS NULL",
         [&](Statement& s) { s.bind(1, person_id).bind(2, visitor_id); }},
        // The person's own vote on an article wins over the visitor's.
        {"DELETE FROM votes WHERE voter = $1 AND article_id IN (SELECT article_id FROM votes WHERE voter = $2)",
         [&](Statement& s) { s.bind(1, visitor_key).bind(2, person_key); }},
        {"UPDATE votes SET voter = $1, person_id = $2 WHERE voter = $3",
         [&](Statement& s) { s.bind(1, person_key).bind(2, person_id).bind(3, visitor_key); }},
        {"UPDATE comments SET person_id = $1 WHERE voter = $2 AND person_id IS NULL",
         [&](Statement& s) { s.bind(1, person_id).bind(2, visitor_key); }},
    };
    for (const Step& step : steps) {
      Result<Statement> stmt = c.prepare(step.sql);
      if (!stmt) return stmt.status();
      step.bind(*stmt);
      if (Status s = stmt->run(); !s.is_ok()) return s;
    }
    return Status::ok();
  });
}

Result<VoteCounts> PgFeedbackStore::cast_vote(int64_t article_id, std::string_view voter, int value,
                                              int64_t person_id) {
  if (value != 1 && value != -1) return invalid_argument("a vote is +1 or -1");
  if (voter.empty()) return invalid_argument("a vote needs a voter");
  const int64_t now = db_.clock().now_ms();
  VoteCounts counts;
  Status status = revisions_.write(ContentScope::kEngagement, [&](Connection& c, std::vector<int64_t>& articles) {
    articles.push_back(article_id);
    Result<Statement> stmt = c.prepare(
        "INSERT INTO votes (article_id, voter, person_id, value, updated_ms) VALUES ($1, $2, $3, $4, $5) "
        "ON CONFLICT (article_id, voter) DO UPDATE SET value = excluded.value, updated_ms = excluded.updated_ms, "
        "person_id = coalesce(excluded.person_id, votes.person_id)");
    if (!stmt) return stmt.status();
    stmt->bind(1, article_id).bind(2, voter);
    bind_person(*stmt, 3, person_id);
    Status s = stmt->bind(4, int64_t{value}).bind(5, now).run();
    if (!s.is_ok()) return s;
    Result<VoteCounts> after = read_counts(c, article_id);
    if (!after) return after.status();
    counts = *after;
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return counts;
}

Result<VoteCounts> PgFeedbackStore::vote_counts(int64_t article_id) {
  VoteCounts counts;
  Status status = db_.read([&](Connection& c) {
    Result<VoteCounts> read = read_counts(c, article_id);
    if (!read) return read.status();
    counts = *read;
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return counts;
}

Result<int> PgFeedbackStore::my_vote(int64_t article_id, std::string_view voter) {
  Result<int64_t> value = query_int(db_, "SELECT value FROM votes WHERE article_id = $1 AND voter = $2",
                                    [&](Statement& s) { s.bind(1, article_id).bind(2, voter); });
  if (!value) return value.status();
  return static_cast<int>(*value);
}

Status PgFeedbackStore::add_comment(Comment& comment) {
  if (comment.body.empty()) return invalid_argument("a comment needs a body");
  if (comment.voter.empty()) return invalid_argument("a comment needs a voter key");
  int64_t id = 0;
  Status status = revisions_.write(ContentScope::kEngagement, [&](Connection& c, std::vector<int64_t>& articles) {
    articles.push_back(comment.article_id);
    Result<Statement> stmt = c.prepare(
        "INSERT INTO comments (article_id, person_id, voter, name, email, body, lang, status, created_ms, "
        "moderated_by, moderated_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id");
    if (!stmt) return stmt.status();
    stmt->bind(1, comment.article_id);
    bind_person(*stmt, 2, comment.person_id);
    stmt->bind(3, comment.voter)
        .bind(4, comment.name)
        .bind(5, comment.email)
        .bind(6, comment.body)
        .bind(7, comment.lang)
        .bind(8, comment_status_name(comment.status))
        .bind(9, comment.created_ms)
        .bind(10, comment.moderated_by)
        .bind(11, comment.moderated_ms);
    Result<bool> row = stmt->step();
    if (!row) return row.status();
    if (!*row) return internal("INSERT INTO comments returned no id");
    id = stmt->column_int64(0);
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  comment.id = id;
  return Status::ok();
}

Result<std::vector<Comment>> PgFeedbackStore::approved_comments(int64_t article_id) {
  return query_rows(
      db_, std::string(kSelectComment) + "WHERE article_id = $1 AND status = 'approved' ORDER BY created_ms, id",
      [&](Statement& s) { s.bind(1, article_id); }, &read_comment);
}

Result<std::vector<Comment>> PgFeedbackStore::pending_comments_by(int64_t article_id,
                                                                  const std::vector<std::string>& voter_keys) {
  std::vector<std::string_view> keys;
  std::vector<int64_t> people;
  for (const std::string& key : voter_keys) {
    if (key.empty()) continue;
    keys.push_back(key);
    if (int64_t p = person_of_key(key)) people.push_back(p);
  }
  if (keys.empty()) return std::vector<Comment>{};
  return query_rows(
      db_,
      std::string(kSelectComment) +
          "WHERE article_id = $1 AND status = 'pending' AND "
          "(voter = ANY($2::text[]) OR person_id = ANY($3::bigint[])) ORDER BY created_ms, id",
      [&](Statement& s) { s.bind(1, article_id).bind(2, pg_text_array(keys)).bind(3, pg_bigint_array(people)); },
      &read_comment);
}

Result<int64_t> PgFeedbackStore::approved_count(int64_t article_id) {
  return query_int(db_, "SELECT count(*) FROM comments WHERE article_id = $1 AND status = 'approved'",
                   [&](Statement& s) { s.bind(1, article_id); });
}

Result<std::vector<Comment>> PgFeedbackStore::pending_comments(int limit, int offset) {
  if (limit < 0 || offset < 0) return invalid_argument("limit and offset must not be negative");
  return query_rows(
      db_, std::string(kSelectComment) + "WHERE status = 'pending' ORDER BY created_ms, id LIMIT $1 OFFSET $2",
      [&](Statement& s) { s.bind(1, int64_t{limit}).bind(2, int64_t{offset}); }, &read_comment);
}

Result<int64_t> PgFeedbackStore::pending_count() {
  return query_int(db_, "SELECT count(*) FROM comments WHERE status = 'pending'", [](Statement&) {});
}

Result<Comment> PgFeedbackStore::find_comment(int64_t comment_id) {
  return query_one(
      db_, std::string(kSelectComment) + "WHERE id = $1", [&](Statement& s) { s.bind(1, comment_id); }, &read_comment,
      "no such comment");
}

Status PgFeedbackStore::moderate(int64_t comment_id, CommentStatus status, int64_t agent_id) {
  if (status == CommentStatus::kPending) return invalid_argument("moderation approves or rejects");
  const int64_t now = db_.clock().now_ms();
  return revisions_.write(ContentScope::kEngagement, [&](Connection& c, std::vector<int64_t>& articles) {
    Result<Statement> stmt = c.prepare(
        "UPDATE comments SET status = $1, moderated_by = $2, moderated_ms = $3 WHERE id = $4 RETURNING article_id");
    if (!stmt) return stmt.status();
    stmt->bind(1, comment_status_name(status)).bind(2, agent_id).bind(3, now).bind(4, comment_id);
    Result<bool> row = stmt->step();
    if (!row) return row.status();
    if (!*row) return not_found("no such comment");
    articles.push_back(stmt->column_int64(0));
    return Status::ok();
  });
}

Result<std::vector<Vote>> PgFeedbackStore::article_votes(int64_t article_id, int limit) {
  if (limit < 0) return invalid_argument("limit must not be negative");
  return query_rows(
      db_, "SELECT voter, value FROM votes WHERE article_id = $1 LIMIT $2",
      [&](Statement& s) { s.bind(1, article_id).bind(2, int64_t{limit}); },
      +[](const Statement& row) {
        return Vote{row.column_text(0), static_cast<int>(row.column_int64(1))};
      });
}

Result<std::vector<CommentAuthor>> PgFeedbackStore::pending_authors(int64_t article_id, int limit) {
  if (limit < 0) return invalid_argument("limit must not be negative");
  return query_rows(
      db_, "SELECT DISTINCT voter, person_id FROM comments WHERE article_id = $1 AND status = 'pending' LIMIT $2",
      [&](Statement& s) { s.bind(1, article_id).bind(2, int64_t{limit}); },
      +[](const Statement& row) {
        return CommentAuthor{row.column_text(0), row.column_int64(1)};
      });
}

}  // namespace deskd::storage::postgres
