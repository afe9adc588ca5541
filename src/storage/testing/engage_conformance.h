#pragma once
// Conformance tests for storage::PageViewStore and storage::FeedbackStore
// (visitors, page views, votes, comments), run by every backend through StorageConformanceTest. Include it
// in the same translation unit as storage_conformance.h.
#include "storage/feedback_store.h"
#include "storage/page_view_store.h"
#include "storage/testing/storage_conformance.h"

namespace deskd::storage::conformance {

inline PageView engage_view(std::string visitor, int64_t person, std::string path, int64_t at_ms) {
  PageView v;
  v.visitor_id = std::move(visitor);
  v.person_id = person;
  v.path = std::move(path);
  v.title = "Title of " + v.path;
  v.at_ms = at_ms;
  return v;
}

inline Comment engage_comment(int64_t article, std::string voter, std::string body, int64_t at_ms) {
  Comment c;
  c.article_id = article;
  c.voter = std::move(voter);
  c.name = "Guest";
  c.email = "guest@example.com";
  c.body = std::move(body);
  c.lang = "en";
  c.created_ms = at_ms;
  return c;
}

TEST_P(StorageConformanceTest, EngagePageViewsAreListedNewestFirstPerVisitor) {
  ASSERT_TRUE(storage_->page_views()
                  .record_page_views({engage_view("visA", 0, "/kb/articles/1-a", 1000),
                                      engage_view("visB", 0, "/kb/articles/2-b", 1500),
                                      engage_view("visA", 0, "/kb/articles/3-c", 2000)})
                  .is_ok());
  auto views = storage_->page_views().recent_page_views("visA", 10);
  ASSERT_TRUE(views.is_ok()) << views.status().to_string();
  ASSERT_EQ(views->size(), 2u);
  EXPECT_EQ((*views)[0].path, "/kb/articles/3-c");
  EXPECT_EQ((*views)[0].title, "Title of /kb/articles/3-c");
  EXPECT_EQ((*views)[0].at_ms, 2000);
  EXPECT_EQ((*views)[0].visitor_id, "visA");
  EXPECT_EQ((*views)[0].person_id, 0);
  EXPECT_GT((*views)[0].id, 0);
  EXPECT_EQ((*views)[1].path, "/kb/articles/1-a");
  auto limited = storage_->page_views().recent_page_views("visA", 1);
  ASSERT_TRUE(limited.is_ok());
  EXPECT_EQ(limited->size(), 1u);
  auto none = storage_->page_views().recent_page_views("nobody", 10);
  ASSERT_TRUE(none.is_ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(StorageConformanceTest, EngagePageViewBatchWithAnInvalidViewStoresNothing) {
  Status s = storage_->page_views().record_page_views({engage_view("visA", 0, "/a", 1), engage_view("", 0, "/b", 2)});
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  s = storage_->page_views().record_page_views({engage_view("visA", 0, "", 1)});
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  auto views = storage_->page_views().recent_page_views("visA", 10);
  ASSERT_TRUE(views.is_ok());
  EXPECT_TRUE(views->empty());
  EXPECT_TRUE(storage_->page_views().record_page_views({}).is_ok());
  EXPECT_EQ(storage_->page_views().recent_page_views("x", -1).status().code(), Code::kInvalidArgument);
}

TEST_P(StorageConformanceTest, EngageAttachVisitorFillsPersonOnViewsVotesAndComments) {
  FeedbackStore& e = storage_->feedback();
  Person p = create_person("attach@example.com");
  ASSERT_TRUE(storage_->page_views()
                  .record_page_views({engage_view("visA", 0, "/one", 10), engage_view("visB", 0, "/other", 11)})
                  .is_ok());
  ASSERT_TRUE(e.cast_vote(7, "v:visA", 1, 0).is_ok());
  Comment c = engage_comment(7, "v:visA", "guest words", 12);
  ASSERT_TRUE(e.add_comment(c).is_ok());

  ASSERT_TRUE(e.attach_visitor("visA", p.id).is_ok());

  auto views = storage_->page_views().recent_page_views("visA", 10);
  ASSERT_TRUE(views.is_ok());
  ASSERT_EQ(views->size(), 1u);
  EXPECT_EQ((*views)[0].person_id, p.id);
  auto other = storage_->page_views().recent_page_views("visB", 10);
  ASSERT_TRUE(other.is_ok());
  EXPECT_EQ((*other)[0].person_id, 0);
  // The vote is now the person's: one vote, found under the person's key.
  EXPECT_EQ(*e.my_vote(7, "p:" + std::to_string(p.id)), 1);
  EXPECT_EQ(*e.my_vote(7, "v:visA"), 0);
  EXPECT_EQ(e.vote_counts(7)->up, 1);
  auto found = e.find_comment(c.id);
  ASSERT_TRUE(found.is_ok());
  EXPECT_EQ(found->person_id, p.id);
  EXPECT_EQ(found->voter, "v:visA");
  // Later views of the attached visitor carry the person too.
  ASSERT_TRUE(storage_->page_views().record_page_views({engage_view("visA", 0, "/two", 20)}).is_ok());
  views = storage_->page_views().recent_page_views("visA", 1);
  ASSERT_TRUE(views.is_ok());
  EXPECT_EQ((*views)[0].person_id, p.id);
}

TEST_P(StorageConformanceTest, EngageAttachKeepsThePersonsOwnVote) {
  FeedbackStore& e = storage_->feedback();
  Person p = create_person("ownvote@example.com");
  const std::string pk = "p:" + std::to_string(p.id);
  ASSERT_TRUE(e.cast_vote(3, pk, -1, p.id).is_ok());
  ASSERT_TRUE(e.cast_vote(3, "v:visA", 1, 0).is_ok());
  ASSERT_TRUE(e.cast_vote(4, "v:visA", 1, 0).is_ok());
  ASSERT_TRUE(e.attach_visitor("visA", p.id).is_ok());
  EXPECT_EQ(*e.my_vote(3, pk), -1);
  EXPECT_EQ(e.vote_counts(3)->up, 0);
  EXPECT_EQ(e.vote_counts(3)->down, 1);
  EXPECT_EQ(*e.my_vote(4, pk), 1);
}

TEST_P(StorageConformanceTest, EngageAttachBeforeAnyPageViewAndBadArguments) {
  FeedbackStore& e = storage_->feedback();
  Person p = create_person("early@example.com");
  ASSERT_TRUE(e.attach_visitor("fresh", p.id).is_ok());
  ASSERT_TRUE(storage_->page_views().record_page_views({engage_view("fresh", 0, "/x", 5)}).is_ok());
  EXPECT_EQ((*storage_->page_views().recent_page_views("fresh", 1))[0].person_id, p.id);
  EXPECT_EQ(e.attach_visitor("", p.id).code(), Code::kInvalidArgument);
  EXPECT_EQ(e.attach_visitor("fresh", 0).code(), Code::kInvalidArgument);
}

TEST_P(StorageConformanceTest, EngageVotesAreOnePerVoterAndChangeable) {
  FeedbackStore& e = storage_->feedback();
  auto first = e.cast_vote(1, "v:a", 1, 0);
  ASSERT_TRUE(first.is_ok()) << first.status().to_string();
  EXPECT_EQ(first->up, 1);
  EXPECT_EQ(first->down, 0);
  auto again = e.cast_vote(1, "v:a", 1, 0);
  EXPECT_EQ(again->up, 1);
  auto changed = e.cast_vote(1, "v:a", -1, 0);
  EXPECT_EQ(changed->up, 0);
  EXPECT_EQ(changed->down, 1);
  auto second = e.cast_vote(1, "s:hash", 1, 0);
  EXPECT_EQ(second->up, 1);
  EXPECT_EQ(second->down, 1);
  ASSERT_TRUE(e.cast_vote(2, "v:a", 1, 0).is_ok());
  auto counts = e.vote_counts(1);
  ASSERT_TRUE(counts.is_ok());
  EXPECT_EQ(counts->up, 1);
  EXPECT_EQ(counts->down, 1);
  EXPECT_EQ(*e.my_vote(1, "v:a"), -1);
  EXPECT_EQ(*e.my_vote(1, "s:hash"), 1);
  EXPECT_EQ(*e.my_vote(1, "v:other"), 0);
  auto empty = e.vote_counts(99);
  ASSERT_TRUE(empty.is_ok());
  EXPECT_EQ(empty->up, 0);
  EXPECT_EQ(empty->down, 0);
}

TEST_P(StorageConformanceTest, EngageVoteRejectsBadValuesAndEmptyVoter) {
  FeedbackStore& e = storage_->feedback();
  EXPECT_EQ(e.cast_vote(1, "v:a", 0, 0).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(e.cast_vote(1, "v:a", 2, 0).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(e.cast_vote(1, "", 1, 0).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(e.vote_counts(1)->up + e.vote_counts(1)->down, 0);
}

TEST_P(StorageConformanceTest, EngageAddCommentFillsIdAndStoresEveryField) {
  FeedbackStore& e = storage_->feedback();
  Person p = create_person("commenter@example.com");
  Comment c = engage_comment(5, "p:" + std::to_string(p.id), "Line one\n<b>two</b>", 1234);
  c.person_id = p.id;
  c.name = "Ann";
  c.email = "ann@example.com";
  c.lang = "da";
  ASSERT_TRUE(e.add_comment(c).is_ok());
  EXPECT_GT(c.id, 0);
  auto found = e.find_comment(c.id);
  ASSERT_TRUE(found.is_ok()) << found.status().to_string();
  EXPECT_EQ(found->article_id, 5);
  EXPECT_EQ(found->person_id, p.id);
  EXPECT_EQ(found->voter, c.voter);
  EXPECT_EQ(found->name, "Ann");
  EXPECT_EQ(found->email, "ann@example.com");
  EXPECT_EQ(found->body, "Line one\n<b>two</b>");
  EXPECT_EQ(found->lang, "da");
  EXPECT_EQ(found->status, CommentStatus::kPending);
  EXPECT_EQ(found->created_ms, 1234);
  EXPECT_EQ(found->moderated_by, 0);
  EXPECT_EQ(e.find_comment(c.id + 100).status().code(), Code::kNotFound);
  Comment empty = engage_comment(5, "v:a", "", 1);
  EXPECT_EQ(e.add_comment(empty).code(), Code::kInvalidArgument);
  Comment nobody = engage_comment(5, "", "text", 1);
  EXPECT_EQ(e.add_comment(nobody).code(), Code::kInvalidArgument);
}

TEST_P(StorageConformanceTest, EngageCommentsListApprovedAndTheReadersOwnPending) {
  FeedbackStore& e = storage_->feedback();
  Person p = create_person("pending@example.com");
  Comment approved = engage_comment(1, "v:other", "approved one", 10);
  Comment mine = engage_comment(1, "v:me", "my pending", 20);
  Comment theirs = engage_comment(1, "v:other", "their pending", 30);
  Comment rejected = engage_comment(1, "v:me", "my rejected", 40);
  Comment attached = engage_comment(1, "v:elsewhere", "attached pending", 50);
  attached.person_id = p.id;
  Comment elsewhere = engage_comment(2, "v:me", "other article", 60);
  Comment approved_later = engage_comment(1, "v:me", "approved two", 70);
  for (Comment* c : {&approved, &mine, &theirs, &rejected, &attached, &elsewhere, &approved_later})
    ASSERT_TRUE(e.add_comment(*c).is_ok());
  ASSERT_TRUE(e.moderate(approved.id, CommentStatus::kApproved, 9).is_ok());
  ASSERT_TRUE(e.moderate(rejected.id, CommentStatus::kRejected, 9).is_ok());
  ASSERT_TRUE(e.moderate(approved_later.id, CommentStatus::kApproved, 9).is_ok());

  auto bodies = [](const Result<std::vector<Comment>>& list) {
    std::vector<std::string> out;
    EXPECT_TRUE(list.is_ok()) << list.status().to_string();
    if (list.is_ok())
      for (const auto& c : *list) out.push_back(c.body);
    return out;
  };
  using Bodies = std::vector<std::string>;
  EXPECT_EQ(bodies(e.approved_comments(1)), (Bodies{"approved one", "approved two"}));
  EXPECT_EQ(bodies(e.approved_comments(2)), Bodies{});
  EXPECT_EQ(bodies(e.pending_comments_by(1, {})), Bodies{});
  EXPECT_EQ(bodies(e.pending_comments_by(1, {""})), Bodies{});
  EXPECT_EQ(bodies(e.pending_comments_by(1, {"v:me"})), (Bodies{"my pending"}));
  EXPECT_EQ(bodies(e.pending_comments_by(1, {"v:stranger", ""})), Bodies{});
  EXPECT_EQ(bodies(e.pending_comments_by(1, {"p:" + std::to_string(p.id), "v:me"})),
            (Bodies{"my pending", "attached pending"}));
  EXPECT_EQ(bodies(e.pending_comments_by(2, {"v:me"})), (Bodies{"other article"}));
  EXPECT_EQ(*e.approved_count(1), 2);
  EXPECT_EQ(*e.approved_count(2), 0);
}

TEST_P(StorageConformanceTest, EngageModerationListsPendingOldestFirst) {
  FeedbackStore& e = storage_->feedback();
  std::vector<Comment> made;
  for (int i = 0; i < 4; ++i) {
    Comment c = engage_comment(1 + i % 2, "v:x", "c" + std::to_string(i), 100 + i);
    ASSERT_TRUE(e.add_comment(c).is_ok());
    made.push_back(c);
  }
  EXPECT_EQ(*e.pending_count(), 4);
  auto page = e.pending_comments(2, 1);
  ASSERT_TRUE(page.is_ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].body, "c1");
  EXPECT_EQ((*page)[1].body, "c2");

  ASSERT_TRUE(e.moderate(made[0].id, CommentStatus::kApproved, 42).is_ok());
  ASSERT_TRUE(e.moderate(made[1].id, CommentStatus::kRejected, 42).is_ok());
  auto approved = e.find_comment(made[0].id);
  EXPECT_EQ(approved->status, CommentStatus::kApproved);
  EXPECT_EQ(approved->moderated_by, 42);
  EXPECT_EQ(e.find_comment(made[1].id)->status, CommentStatus::kRejected);
  EXPECT_EQ(*e.pending_count(), 2);
  auto rest = e.pending_comments(10, 0);
  ASSERT_TRUE(rest.is_ok());
  ASSERT_EQ(rest->size(), 2u);
  EXPECT_EQ((*rest)[0].body, "c2");
  EXPECT_EQ(*e.approved_count(1), 1);

  EXPECT_EQ(e.moderate(made[2].id, CommentStatus::kPending, 42).code(), Code::kInvalidArgument);
  EXPECT_EQ(e.moderate(made[3].id + 100, CommentStatus::kApproved, 42).code(), Code::kNotFound);
  EXPECT_EQ(e.pending_comments(-1, 0).status().code(), Code::kInvalidArgument);
}

TEST_P(StorageConformanceTest, EngageWritesBumpTheRevisionNamingTheirArticles) {
  FeedbackStore& e = storage_->feedback();
  ContentRevisionStore& revisions = storage_->content_revisions();
  std::vector<ContentChange> heard;
  const int listening = revisions.add_listener([&](const ContentChange& change) { heard.push_back(change); });
  const int64_t start = revisions.read()->engagement;
  ASSERT_TRUE(e.cast_vote(3, "v:a", 1, 0).is_ok());
  Comment c = engage_comment(4, "v:a", "hello", 10);
  ASSERT_TRUE(e.add_comment(c).is_ok());
  Comment other = engage_comment(5, "v:b", "other", 11);
  ASSERT_TRUE(e.add_comment(other).is_ok());
  ASSERT_TRUE(e.moderate(other.id, CommentStatus::kApproved, 9).is_ok());
  Person p = create_person("attached@example.com");
  ASSERT_TRUE(e.attach_visitor("a", p.id).is_ok());
  // Page views, reads and refused writes bump nothing.
  ASSERT_TRUE(storage_->page_views().record_page_views({engage_view("a", 0, "/kb", 1)}).is_ok());
  EXPECT_EQ(e.moderate(other.id + 100, CommentStatus::kApproved, 9).code(), Code::kNotFound);
  EXPECT_EQ(e.cast_vote(3, "v:a", 5, 0).status().code(), Code::kInvalidArgument);
  ASSERT_TRUE(e.vote_counts(3).is_ok());
  EXPECT_EQ(revisions.read()->engagement, start + 5);
  ASSERT_EQ(heard.size(), 5u);
  const std::vector<std::vector<int64_t>> articles = {{3}, {4}, {5}, {5}, {}};
  for (size_t i = 0; i < heard.size(); ++i) {
    EXPECT_EQ(heard[i].scope, ContentScope::kEngagement);
    EXPECT_EQ(heard[i].revision, start + 1 + static_cast<int64_t>(i));
    EXPECT_EQ(heard[i].article_ids, articles[i]) << i;
  }
  EXPECT_EQ(revisions.read()->knowledge_base, 1);
  revisions.remove_listener(listening);
}

TEST_P(StorageConformanceTest, EngageArticleVotesAndPendingAuthors) {
  FeedbackStore& e = storage_->feedback();
  ASSERT_TRUE(e.cast_vote(1, "v:a", 1, 0).is_ok());
  ASSERT_TRUE(e.cast_vote(1, "v:b", -1, 0).is_ok());
  ASSERT_TRUE(e.cast_vote(1, "v:c", 1, 0).is_ok());
  ASSERT_TRUE(e.cast_vote(2, "v:a", -1, 0).is_ok());
  auto votes = e.article_votes(1, 10);
  ASSERT_TRUE(votes.is_ok()) << votes.status().to_string();
  std::vector<std::pair<std::string, int>> got;
  for (const auto& v : *votes) got.emplace_back(v.voter, v.value);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::pair<std::string, int>>{{"v:a", 1}, {"v:b", -1}, {"v:c", 1}}));
  EXPECT_EQ(e.article_votes(1, 2)->size(), 2u);
  EXPECT_TRUE(e.article_votes(9, 10)->empty());
  EXPECT_EQ(e.article_votes(1, -1).status().code(), Code::kInvalidArgument);

  Comment approved = engage_comment(1, "v:a", "approved", 30);
  Comment pending = engage_comment(1, "v:b", "pending", 20);
  Comment rejected = engage_comment(1, "v:c", "rejected", 10);
  Comment elsewhere = engage_comment(2, "v:a", "elsewhere", 5);
  for (Comment* c : {&approved, &pending, &rejected, &elsewhere}) ASSERT_TRUE(e.add_comment(*c).is_ok());
  ASSERT_TRUE(e.moderate(approved.id, CommentStatus::kApproved, 9).is_ok());
  ASSERT_TRUE(e.moderate(rejected.id, CommentStatus::kRejected, 9).is_ok());
  Comment second = engage_comment(1, "v:b", "second pending", 25);
  Comment member = engage_comment(1, "v:m", "member's", 26);
  member.person_id = 7;
  for (Comment* c : {&second, &member}) ASSERT_TRUE(e.add_comment(*c).is_ok());
  auto authors = e.pending_authors(1, 10);
  ASSERT_TRUE(authors.is_ok()) << authors.status().to_string();
  std::vector<std::pair<std::string, int64_t>> who;
  for (const CommentAuthor& a : *authors) who.emplace_back(a.voter, a.person_id);
  std::sort(who.begin(), who.end());
  // Distinct authors of pending comments only: not v:a (approved) nor v:c (rejected).
  EXPECT_EQ(who, (std::vector<std::pair<std::string, int64_t>>{{"v:b", 0}, {"v:m", 7}}));
  EXPECT_EQ(e.pending_authors(1, 1)->size(), 1u);
  EXPECT_EQ(e.pending_authors(2, 10)->size(), 1u);  // "elsewhere"
  EXPECT_TRUE(e.pending_authors(9, 10)->empty());
  EXPECT_EQ(e.pending_authors(1, -1).status().code(), Code::kInvalidArgument);
}

TEST(EngageRecords, CommentStatusNamesRoundTrip) {
  for (CommentStatus s : {CommentStatus::kPending, CommentStatus::kApproved, CommentStatus::kRejected})
    EXPECT_EQ(parse_comment_status(comment_status_name(s)), s);
  EXPECT_FALSE(parse_comment_status("Approved").has_value());
  EXPECT_FALSE(parse_comment_status("").has_value());
}

}  // namespace deskd::storage::conformance
