#include "helpcenter/content_cache.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <thread>

#include "storage/sqlite/sqlite_storage.h"

namespace deskd::helpcenter {
namespace {

using namespace std::chrono_literals;
using storage::KbArticle;
using storage::KbCategory;
using storage::KbStatus;
using storage::KbTranslation;

std::filesystem::path fresh_db_path() {
  std::random_device rd;
  return std::filesystem::temp_directory_path() /
         ("deskd-content-" + std::to_string(std::uniform_int_distribution<uint64_t>()(rd)) + ".db");
}

KbTranslation tr(std::string lang, std::string title, std::string body = "Body") {
  KbTranslation t;
  t.lang = std::move(lang);
  t.title = title;
  t.slug = "slug-" + title;
  t.body_md = body;
  t.body_text = std::move(body);
  return t;
}

// Two nodes sharing one SQLite file: `storage` is this node's, `other` a
// second node's (its writes reach this node's cache only through the poll).
class ContentCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fresh_db_path();
    auto a = storage::sqlite::open_sqlite_storage(path_.string());
    auto b = storage::sqlite::open_sqlite_storage(path_.string());
    ASSERT_TRUE(a.is_ok() && b.is_ok());
    storage_ = std::move(*a);
    other_ = std::move(*b);
    KbCategory top;
    top.texts = {{"en", "General", "general", "All about it"}, {"da", "Generelt", "generelt", ""}};
    ASSERT_TRUE(storage_->kb().create_category(top).is_ok());
    top_ = top.id;
    KbCategory child;
    child.parent_id = top_;
    child.texts = {{"en", "Sub", "sub", ""}};
    ASSERT_TRUE(storage_->kb().create_category(child).is_ok());
    child_ = child.id;
  }
  void TearDown() override {
    storage_.reset();
    other_.reset();
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix, ec);
  }

  int64_t article(storage::Storage& where, int64_t category, std::vector<KbTranslation> texts,
                  KbStatus status = KbStatus::kPublished) {
    KbArticle a;
    a.category_id = category;
    a.status = status;
    a.translations = std::move(texts);
    Status s = where.kb().create_article(a);
    EXPECT_TRUE(s.is_ok()) << s.to_string();
    return a.id;
  }

  static std::vector<int64_t> ids(const std::vector<const KbArticleEntry*>& list) {
    std::vector<int64_t> out;
    for (const auto* e : list) out.push_back(e->article().id);
    return out;
  }

  // Waits up to 1 s (SPEC §8: every node sees an edit within 1 s).
  template <class Pred>
  static bool within_a_second(Pred pred) {
    const auto deadline = std::chrono::steady_clock::now() + 1s;
    while (!pred()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(5ms);
    }
    return true;
  }

  std::filesystem::path path_;
  std::unique_ptr<storage::Storage> storage_;
  std::unique_ptr<storage::Storage> other_;
  int64_t top_ = 0;
  int64_t child_ = 0;
};

TEST_F(ContentCacheTest, SnapshotHoldsTheTreePublishedArticlesAndLists) {
  const int64_t a = article(*storage_, top_, {tr("en", "A"), tr("da", "A da")});
  const int64_t b = article(*storage_, child_, {tr("en", "B")});
  const int64_t draft = article(*storage_, top_, {tr("en", "Draft")}, KbStatus::kDraft);
  const int64_t c = article(*storage_, top_, {tr("de", "C")});
  ASSERT_TRUE(storage_->kb().add_views({{b, 10}, {a, 3}, {draft, 99}}).is_ok());

  ContentCache cache(*storage_);
  ASSERT_TRUE(cache.load().is_ok());
  auto snap = cache.snapshot();
  EXPECT_EQ(snap->revision(), storage_->content_revisions().read()->knowledge_base);
  ASSERT_EQ(snap->tree().size(), 2u);
  EXPECT_EQ(snap->tree()[0].category.id, top_);
  EXPECT_EQ(snap->tree()[0].depth, 0);
  EXPECT_EQ(snap->tree()[1].depth, 1);
  EXPECT_EQ(ids(snap->tree()[0].articles), (std::vector<int64_t>{a, c}));  // oldest first, no draft
  EXPECT_EQ(snap->category_by_slug("da", "generelt"), &snap->tree()[0]);
  EXPECT_EQ(snap->category_by_slug("en", "generelt"), nullptr);
  EXPECT_EQ(snap->article(draft), nullptr);
  ASSERT_NE(snap->article(a), nullptr);
  EXPECT_EQ(snap->article(a)->article().translations.size(), 2u);
  EXPECT_EQ(ids(snap->popular("en")), (std::vector<int64_t>{b, a}));
  EXPECT_EQ(ids(snap->newest("en")), (std::vector<int64_t>{b, a}));
  EXPECT_EQ(ids(snap->popular("de")), (std::vector<int64_t>{c}));
  EXPECT_TRUE(snap->popular("fr").empty());
}

TEST_F(ContentCacheTest, AWriteOnThisNodeIsServedBeforeTheWriteReturns) {
  ContentCache cache(*storage_);
  ASSERT_TRUE(cache.load().is_ok());
  const auto before = cache.snapshot();
  const int64_t id = article(*storage_, top_, {tr("en", "Fresh")});
  const auto after = cache.snapshot();
  EXPECT_GT(after->revision(), before->revision());
  ASSERT_NE(after->article(id), nullptr);
  EXPECT_EQ(before->article(id), nullptr);  // a request holding the old snapshot keeps it
  ASSERT_TRUE(storage_->kb().set_status(id, KbStatus::kDraft).is_ok());
  EXPECT_EQ(cache.snapshot()->article(id), nullptr);
}

TEST_F(ContentCacheTest, AWriteOnAnotherNodeIsServedWithinASecond) {
  ContentCache cache(*storage_, {.poll_interval = 100ms, .popularity_interval = 100ms});
  ASSERT_TRUE(cache.load().is_ok());
  cache.start();
  const int64_t id = article(*other_, top_, {tr("en", "Elsewhere")});
  EXPECT_TRUE(within_a_second([&] { return cache.snapshot()->article(id) != nullptr; }));

  // Popularity follows view counters (which bump no revision) on its own timer.
  const int64_t second = article(*other_, top_, {tr("en", "Second")});
  ASSERT_TRUE(within_a_second([&] { return cache.snapshot()->article(second) != nullptr; }));
  ASSERT_TRUE(other_->kb().add_views({{id, 50}}).is_ok());
  EXPECT_TRUE(within_a_second([&] { return ids(cache.snapshot()->popular("en")).front() == id; }));
  cache.stop();
}

TEST_F(ContentCacheTest, EngagementIsReadOnceAndDroppedByWritesHereOrElsewhere) {
  const int64_t id = article(*storage_, top_, {tr("en", "Voted")});
  ContentCache cache(*storage_, {.poll_interval = 100ms});
  ASSERT_TRUE(cache.load().is_ok());
  auto first = cache.engagement().get(id);
  ASSERT_TRUE(first.is_ok());
  EXPECT_EQ((*first)->votes.up, 0);
  EXPECT_EQ(*cache.engagement().get(id), *first);  // cached
  EXPECT_EQ(cache.engagement().loads(), 1u);

  ASSERT_TRUE(storage_->feedback().cast_vote(id, "v:me", 1, 0).is_ok());
  EXPECT_EQ(cache.engagement().peek(id), nullptr);
  auto voted = cache.engagement().get(id);
  EXPECT_EQ((*voted)->votes.up, 1);
  EXPECT_EQ((*voted)->vote_of("v:me"), 1);
  EXPECT_EQ((*voted)->vote_of("v:stranger"), 0);
  EXPECT_NE((*voted)->stamp, (*first)->stamp);

  storage::Comment c;
  c.article_id = id;
  c.voter = "v:me";
  c.body = "pending";
  ASSERT_TRUE(storage_->feedback().add_comment(c).is_ok());
  storage::Comment member = c;
  member.voter = "v:member-browser";
  member.person_id = 42;
  ASSERT_TRUE(storage_->feedback().add_comment(member).is_ok());
  auto commented = cache.engagement().get(id);
  // The entry knows who has pending comments, not what they wrote.
  EXPECT_EQ((*commented)->pending_voters.size(), 2u);
  EXPECT_EQ((*commented)->has_pending({"v:me"}), true);
  EXPECT_EQ((*commented)->has_pending({"p:42", "v:another-browser"}), true);
  EXPECT_EQ((*commented)->has_pending({"v:you", "p:7"}), false);
  EXPECT_EQ((*commented)->has_pending({}), false);
  EXPECT_TRUE((*commented)->approved.empty());

  cache.start();
  ASSERT_TRUE(other_->feedback().moderate(c.id, storage::CommentStatus::kApproved, 1).is_ok());
  EXPECT_TRUE(within_a_second([&] { return cache.engagement().peek(id) == nullptr; }));
  auto moderated = cache.engagement().get(id);
  EXPECT_EQ((*moderated)->approved.size(), 1u);
  EXPECT_EQ((*moderated)->has_pending({"v:me"}), false);
  EXPECT_EQ((*moderated)->has_pending({"p:42"}), true);
  cache.stop();
}

TEST_F(ContentCacheTest, EngagementCacheKeepsItsItemBudgetOverAllArticles) {
  const int64_t a = article(*storage_, top_, {tr("en", "A")});
  const int64_t b = article(*storage_, top_, {tr("en", "B")});
  const int64_t big = article(*storage_, top_, {tr("en", "Big")});
  for (const char* voter : {"v:1", "v:2"}) {
    ASSERT_TRUE(storage_->feedback().cast_vote(a, voter, 1, 0).is_ok());
    ASSERT_TRUE(storage_->feedback().cast_vote(b, voter, -1, 0).is_ok());
  }
  for (const char* voter : {"v:1", "v:2", "v:3", "v:4"}) {
    ASSERT_TRUE(storage_->feedback().cast_vote(big, voter, 1, 0).is_ok());
  }
  EngagementCache cache(storage_->feedback(), /*max_items=*/3);
  ASSERT_TRUE(cache.get(a).is_ok());
  EXPECT_EQ(cache.items(), 2u);
  // b's two voters would make four: the cache starts over with b alone.
  auto got = cache.get(b);
  ASSERT_TRUE(got.is_ok());
  EXPECT_EQ((*got)->vote_of("v:1"), -1);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.peek(a), nullptr);
  EXPECT_EQ(cache.items(), 2u);
  // An entry over the whole budget is answered, never kept.
  auto whole = cache.get(big);
  ASSERT_TRUE(whole.is_ok());
  EXPECT_EQ((*whole)->votes.up, 4);
  EXPECT_EQ(cache.peek(big), nullptr);
  cache.invalidate({b});
  EXPECT_EQ(cache.items(), 0u);
  EXPECT_EQ(cache.size(), 0u);
}

TEST_F(ContentCacheTest, InvalidateRebuildsWhateverTheRevision) {
  ContentCache cache(*storage_);
  ASSERT_TRUE(cache.load().is_ok());
  const auto before = cache.snapshot();
  ASSERT_TRUE(cache.invalidate().is_ok());
  EXPECT_NE(cache.snapshot(), before);
  EXPECT_EQ(cache.snapshot()->revision(), before->revision());
  EXPECT_EQ(cache.builds(), 2u);
}

TEST(KbSnapshot, WithViewsIsNullWhenNoListChanges) {
  storage::KbPublished content;
  content.revision = 7;
  for (int64_t id : {1, 2}) {
    KbArticle a;
    a.id = id;
    a.created_ms = id;
    a.translations = {tr("en", "T" + std::to_string(id))};
    content.articles.push_back(a);
  }
  auto snap = KbSnapshot::build(content);
  EXPECT_EQ(snap->popular("en").front()->article().id, 2);  // no views: newest first
  EXPECT_EQ(snap->with_views({{1, 0}, {2, 0}}), nullptr);
  auto next = snap->with_views({{1, 5}});
  ASSERT_NE(next, nullptr);
  EXPECT_EQ(next->revision(), 7);
  EXPECT_EQ(next->popular("en").front()->article().id, 1);
  EXPECT_EQ(next->article(1), snap->article(1));  // shared, not copied
  EXPECT_NE(next->generation(), snap->generation());
  EXPECT_EQ(next->content_generation(), snap->content_generation());
}

TEST(KbSnapshot, BodiesRenderOnceAndTheCookieTableFollowsThePageLanguage) {
  auto catalogs = i18n::Catalogs::load(std::string(std::getenv("DESKD_WEB_DIR")) + "/locales", {"en", "da"}, "en");
  ASSERT_TRUE(catalogs.is_ok()) << catalogs.status().to_string();
  KbArticle a;
  a.id = 1;
  a.translations = {tr("en", "Plain", "Some *text*"), tr("da", "Tabel", "Intro\n\n[[cookie-table]]\n")};
  KbArticleEntry entry(a);
  const auto& en = *storage::find_translation(entry.article(), "en");
  const auto& da = *storage::find_translation(entry.article(), "da");
  auto first = entry.body_html(en, "da", *catalogs);
  EXPECT_EQ(*first, "<p>Some <em>text</em></p>\n");
  EXPECT_EQ(entry.body_html(en, "en", *catalogs), first);  // the page language does not matter
  auto table_da = entry.body_html(da, "da", *catalogs);
  auto table_en = entry.body_html(da, "en", *catalogs);
  EXPECT_NE(*table_da, *table_en);
  EXPECT_NE(table_da->find("<table>"), std::string::npos);
  EXPECT_EQ(entry.body_html(da, "da", *catalogs), table_da);
}

}  // namespace
}  // namespace deskd::helpcenter
