// Personal-data handlers of visitor engagement: visitors (dp_v), page views,
// votes and comments.
#include "storage/personal/match.h"
#include "storage/personal/personal_data.h"

namespace deskd::storage::personal {

#define BUMP_ENGAGE "UPDATE content_revision SET revision = revision + 1 WHERE scope = 'engage'"

std::unique_ptr<Handler> visitor_handler() {
  return make_table_handler({
      .name = "visitors",
      .exports = {{"visitors",
                   "SELECT id, created_ms, last_seen_ms FROM visitors "
                   "WHERE (person_id = ?1 AND ?1 <> 0) OR (?3 <> '' AND id = ?3)",
                   {{"id", Kind::kText}, {"created_ms", Kind::kInt}, {"last_seen_ms", Kind::kInt}},
                   false}},
      .erase = {{"visitors", "DELETE FROM visitors WHERE (person_id = ?1 AND ?1 <> 0) OR (?3 <> '' AND id = ?3)"}},
      .prune = {{"visitors", "DELETE FROM visitors WHERE person_id IS NULL AND last_seen_ms < ?1"}},
  });
}

#define PAGE_VIEW_MATCH "((person_id = ?1 AND ?1 <> 0) OR " DESKD_VISITOR_MATCH("visitor_id") ")"

std::unique_ptr<Handler> page_view_handler() {
  return make_table_handler({
      .name = "page_views",
      .exports =
          // The longest history a person has: the match runs on ids alone (index
          // entries), so a page reads its 500 rows in id order and stops, instead
          // of sorting every matching row for every page (SQLite's OR plan).
          {{"page_views",
            "SELECT id, visitor_id, path, title, at_ms FROM page_views WHERE id IN (SELECT id FROM page_views "
            "WHERE " PAGE_VIEW_MATCH " AND id > ?5) AND id > ?5 ORDER BY id LIMIT ?6",
            {{"visitor_id", Kind::kText}, {"path", Kind::kText}, {"title", Kind::kText}, {"at_ms", Kind::kInt}}}},
      .erase = {{"page_views", "DELETE FROM page_views WHERE " PAGE_VIEW_MATCH}},
      .prune = {{"page_views", "DELETE FROM page_views WHERE at_ms < ?1"}},
  });
}

#define VOTE_MATCH "((person_id = ?1 AND ?1 <> 0) OR " DESKD_VOTER_MATCH("voter") ")"

std::unique_ptr<Handler> vote_handler() {
  return make_table_handler({
      .name = "votes",
      .exports = {{"votes",
                   "SELECT article_id, value, updated_ms FROM votes WHERE " VOTE_MATCH,
                   {{"article_id", Kind::kInt}, {"value", Kind::kInt}, {"updated_ms", Kind::kInt}},
                   false}},
      .erase = {{"votes", "DELETE FROM votes WHERE " VOTE_MATCH}, {"content_revision", BUMP_ENGAGE}},
  });
}

#define COMMENT_MATCH \
  "((person_id = ?1 AND ?1 <> 0) OR (?2 <> '' AND lower(email) = ?2) OR " DESKD_VOTER_MATCH("voter") ")"

std::unique_ptr<Handler> comment_handler() {
  return make_table_handler({
      .name = "comments",
      .exports =
          {{"comments",
            "SELECT id, id, article_id, name, email, body, lang, status, created_ms FROM comments WHERE " COMMENT_MATCH
            " AND id > ?5 ORDER BY id LIMIT ?6",
            {{"id", Kind::kInt},
             {"article_id", Kind::kInt},
             {"name", Kind::kText},
             {"email", Kind::kText},
             {"body", Kind::kText},
             {"lang", Kind::kText},
             {"status", Kind::kText},
             {"created_ms", Kind::kInt}}}},
      .erase = {{"comments", "DELETE FROM comments WHERE " COMMENT_MATCH},
                {"comments.moderated_by", "UPDATE comments SET moderated_by = 0 WHERE moderated_by = ?1 AND ?1 <> 0"},
                {"content_revision", BUMP_ENGAGE}},
  });
}

}  // namespace deskd::storage::personal
