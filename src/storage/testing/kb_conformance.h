#pragma once
// Backend-independent conformance tests for storage::KbStore. A backend's test
// file includes this header (in exactly one translation unit) and instantiates
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, KbConformanceTest, ::testing::Values(StorageFactory{...}),
//                            storage_factory_name);
//
// Contract details pinned here beyond the comments in kb_store.h:
//  - list_articles with equal created_ms breaks ties by id (kOldest ascending,
//    kNewest/kPopular descending).
//  - search hits carry kKbMarkOpen/kKbMarkClose around matches in title and
//    snippet; the rest of the text is returned verbatim (never HTML-escaped).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "storage/kb_store.h"
#include "storage/store.h"
#include "storage/testing/storage_conformance.h"

namespace deskd::storage::conformance {

class KbConformanceTest : public ::testing::TestWithParam<StorageFactory> {
 protected:
  void SetUp() override {
    storage_ = GetParam().make();
    if (IsSkipped()) return;  // the factory skipped (e.g. no test server configured)
    ASSERT_NE(storage_, nullptr);
  }
  void TearDown() override { storage_.reset(); }

  KbStore& kb() { return storage_->kb(); }

  int64_t author() {
    if (author_id_ != 0) return author_id_;
    NewPerson p;
    p.email = "writer@example.com";
    p.name = "Wanda Writer";
    p.role = Role::kAgent;
    Result<Person> created = storage_->people().create(p);
    EXPECT_TRUE(created.is_ok()) << created.status().to_string();
    author_id_ = created.is_ok() ? created->id : 0;
    return author_id_;
  }

  int64_t category(const std::string& slug, int64_t parent = 0, int64_t position = 0) {
    KbCategory c;
    c.parent_id = parent;
    c.position = position;
    c.texts = {{"en", "Title " + slug, slug, "About " + slug}, {"da", "Titel " + slug, slug + "-da", ""}};
    Status s = kb().create_category(c);
    EXPECT_TRUE(s.is_ok()) << s.to_string();
    return c.id;
  }

  int64_t article(int64_t category_id, std::vector<KbTranslation> translations,
                  KbStatus status = KbStatus::kPublished) {
    KbArticle a;
    a.category_id = category_id;
    a.author_id = author();
    a.status = status;
    a.translations = std::move(translations);
    Status s = kb().create_article(a);
    EXPECT_TRUE(s.is_ok()) << s.to_string();
    return a.id;
  }

  static KbTranslation tr(std::string lang, std::string title, std::string body) {
    KbTranslation t;
    t.lang = std::move(lang);
    t.title = std::move(title);
    t.slug = "slug";
    t.body_md = body;
    t.body_text = std::move(body);
    return t;
  }

  std::vector<int64_t> hit_ids(std::string_view lang, std::string_view query) {
    Result<std::vector<KbSearchHit>> hits = kb().search(lang, query, 20, 0);
    EXPECT_TRUE(hits.is_ok()) << hits.status().to_string();
    std::vector<int64_t> ids;
    if (hits.is_ok())
      for (const auto& h : *hits) ids.push_back(h.article_id);
    return ids;
  }

  std::vector<int64_t> list_ids(const KbArticleQuery& q) {
    Result<std::vector<KbArticle>> list = kb().list_articles(q);
    EXPECT_TRUE(list.is_ok()) << list.status().to_string();
    std::vector<int64_t> ids;
    if (list.is_ok())
      for (const auto& a : *list) ids.push_back(a.id);
    return ids;
  }

  std::unique_ptr<Storage> storage_;
  int64_t author_id_ = 0;
};

TEST_P(KbConformanceTest, CategoryRoundTripAndSlugLookup) {
  const int64_t id = category("general");
  Result<KbCategory> found = kb().find_category(id);
  ASSERT_TRUE(found.is_ok()) << found.status().to_string();
  ASSERT_EQ(found->texts.size(), 2u);
  EXPECT_EQ(found->texts[0].lang, "da");  // sorted by lang
  EXPECT_EQ(found->texts[1].title, "Title general");
  EXPECT_EQ(found->texts[1].description, "About general");
  ASSERT_NE(find_text(*found, "da"), nullptr);
  EXPECT_EQ(find_text(*found, "de"), nullptr);

  Result<KbCategory> by_slug = kb().find_category_by_slug("da", "general-da");
  ASSERT_TRUE(by_slug.is_ok());
  EXPECT_EQ(by_slug->id, id);
  EXPECT_EQ(kb().find_category_by_slug("en", "general-da").status().code(), Code::kNotFound);
  EXPECT_EQ(kb().find_category(id + 100).status().code(), Code::kNotFound);
}

TEST_P(KbConformanceTest, CategoryValidationAndSlugConflicts) {
  category("general");
  KbCategory dup;
  dup.texts = {{"en", "Other", "general", ""}};
  EXPECT_EQ(kb().create_category(dup).code(), Code::kConflict);
  KbCategory same_slug_other_lang;
  same_slug_other_lang.texts = {{"de", "Allgemein", "general", ""}};
  EXPECT_TRUE(kb().create_category(same_slug_other_lang).is_ok());

  KbCategory empty;
  EXPECT_EQ(kb().create_category(empty).code(), Code::kInvalidArgument);
  KbCategory no_slug;
  no_slug.texts = {{"en", "Title", "", ""}};
  EXPECT_EQ(kb().create_category(no_slug).code(), Code::kInvalidArgument);
  KbCategory twice;
  twice.texts = {{"en", "A", "a", ""}, {"en", "B", "b", ""}};
  EXPECT_EQ(kb().create_category(twice).code(), Code::kInvalidArgument);
  KbCategory orphan;
  orphan.parent_id = 9999;
  orphan.texts = {{"en", "Orphan", "orphan", ""}};
  EXPECT_EQ(kb().create_category(orphan).code(), Code::kInvalidArgument);
}

TEST_P(KbConformanceTest, CategoryTreeIsDepthFirstByPosition) {
  const int64_t b = category("b", 0, 2);
  const int64_t a = category("a", 0, 1);
  const int64_t b2 = category("b2", b, 2);
  const int64_t b1 = category("b1", b, 1);
  const int64_t a1 = category("a1", a, 0);
  Result<std::vector<KbCategory>> tree = kb().list_categories();
  ASSERT_TRUE(tree.is_ok());
  std::vector<int64_t> ids;
  for (const auto& c : *tree) ids.push_back(c.id);
  EXPECT_EQ(ids, (std::vector<int64_t>{a, a1, b, b1, b2}));
  EXPECT_EQ((*tree)[1].parent_id, a);
}

TEST_P(KbConformanceTest, UpdateCategoryReplacesTextsAndRejectsCycles) {
  const int64_t top = category("top");
  const int64_t child = category("child", top);
  const int64_t grandchild = category("grandchild", child);
  KbCategory moved;
  moved.id = top;
  moved.parent_id = grandchild;
  moved.texts = {{"en", "Top", "top", ""}};
  EXPECT_EQ(kb().update_category(moved).code(), Code::kInvalidArgument);
  moved.parent_id = top;
  EXPECT_EQ(kb().update_category(moved).code(), Code::kInvalidArgument);

  KbCategory renamed;
  renamed.id = child;
  renamed.parent_id = 0;
  renamed.position = 7;
  renamed.texts = {{"de", "Kind", "kind", "Beschreibung"}};
  ASSERT_TRUE(kb().update_category(renamed).is_ok());
  Result<KbCategory> found = kb().find_category(child);
  ASSERT_TRUE(found.is_ok());
  EXPECT_EQ(found->parent_id, 0);
  EXPECT_EQ(found->position, 7);
  ASSERT_EQ(found->texts.size(), 1u);
  EXPECT_EQ(found->texts[0].title, "Kind");
  EXPECT_EQ(kb().find_category_by_slug("en", "child").status().code(), Code::kNotFound);

  renamed.id = 9999;
  EXPECT_EQ(kb().update_category(renamed).code(), Code::kNotFound);
}

TEST_P(KbConformanceTest, ArticleRoundTrip) {
  const int64_t cat = category("general");
  const int64_t id = article(cat, {tr("en", "Hello", "Body **en**"), tr("da", "Hej", "Brødtekst")});
  Result<KbArticle> found = kb().find_article(id);
  ASSERT_TRUE(found.is_ok()) << found.status().to_string();
  EXPECT_EQ(found->category_id, cat);
  EXPECT_EQ(found->author_id, author());
  EXPECT_EQ(found->author_name, "Wanda Writer");
  EXPECT_EQ(found->status, KbStatus::kPublished);
  EXPECT_GT(found->created_ms, 0);
  EXPECT_EQ(found->view_count, 0);
  ASSERT_EQ(found->translations.size(), 2u);
  EXPECT_EQ(found->translations[0].lang, "da");
  EXPECT_EQ(found->translations[1].body_md, "Body **en**");
  EXPECT_EQ(found->translations[1].updated_ms, found->created_ms);
  ASSERT_NE(find_translation(*found, "da"), nullptr);
  EXPECT_EQ(find_translation(*found, "da")->title, "Hej");
  EXPECT_EQ(find_translation(*found, "de"), nullptr);
  EXPECT_EQ(kb().find_article(id + 100).status().code(), Code::kNotFound);
}

TEST_P(KbConformanceTest, ArticleValidation) {
  const int64_t cat = category("general");
  KbArticle a;
  a.category_id = cat;
  EXPECT_EQ(kb().create_article(a).code(), Code::kInvalidArgument);  // no translation
  a.translations = {tr("en", "", "x")};
  EXPECT_EQ(kb().create_article(a).code(), Code::kInvalidArgument);
  a.translations = {tr("en", "A", "x"), tr("en", "B", "y")};
  EXPECT_EQ(kb().create_article(a).code(), Code::kInvalidArgument);
  a.translations = {tr("en", "A", "x")};
  a.category_id = cat + 100;
  EXPECT_EQ(kb().create_article(a).code(), Code::kInvalidArgument);
  a.category_id = cat;
  a.author_id = 424242;
  EXPECT_EQ(kb().create_article(a).code(), Code::kInvalidArgument);
}

TEST_P(KbConformanceTest, UpdateArticleReplacesTranslationsAndKeepsViews) {
  const int64_t cat = category("general");
  const int64_t other = category("other");
  const int64_t id = article(cat, {tr("en", "Hello", "Body"), tr("da", "Hej", "Tekst")});
  ASSERT_TRUE(kb().add_views({{id, 5}}).is_ok());
  Result<KbArticle> a = kb().find_article(id);
  ASSERT_TRUE(a.is_ok());
  a->category_id = other;
  a->status = KbStatus::kDraft;
  a->translations = {tr("en", "Hello again", "New body"), tr("de", "Hallo", "Text")};
  ASSERT_TRUE(kb().update_article(*a).is_ok());
  Result<KbArticle> found = kb().find_article(id);
  ASSERT_TRUE(found.is_ok());
  EXPECT_EQ(found->category_id, other);
  EXPECT_EQ(found->status, KbStatus::kDraft);
  EXPECT_EQ(found->view_count, 5);
  EXPECT_EQ(found->author_name, "Wanda Writer");
  ASSERT_EQ(found->translations.size(), 2u);
  EXPECT_EQ(found->translations[0].lang, "de");
  EXPECT_EQ(found->translations[1].title, "Hello again");

  a->id = id + 100;
  EXPECT_EQ(kb().update_article(*a).code(), Code::kNotFound);
  EXPECT_EQ(kb().set_status(id + 100, KbStatus::kPublished).code(), Code::kNotFound);
  ASSERT_TRUE(kb().set_status(id, KbStatus::kPublished).is_ok());
  EXPECT_EQ(kb().find_article(id)->status, KbStatus::kPublished);
}

TEST_P(KbConformanceTest, ListsFilterAndOrder) {
  const int64_t cat = category("general");
  const int64_t other = category("other");
  const int64_t first = article(cat, {tr("en", "First", "x"), tr("da", "Første", "x")});
  const int64_t second = article(cat, {tr("en", "Second", "x")});
  const int64_t draft = article(cat, {tr("en", "Draft", "x")}, KbStatus::kDraft);
  const int64_t elsewhere = article(other, {tr("da", "Andet", "x")});

  KbArticleQuery q;
  q.category_id = cat;
  EXPECT_EQ(list_ids(q), (std::vector<int64_t>{first, second}));
  q.published_only = false;
  EXPECT_EQ(list_ids(q), (std::vector<int64_t>{first, second, draft}));
  q = {};
  q.lang = "da";
  EXPECT_EQ(list_ids(q), (std::vector<int64_t>{first, elsewhere}));
  q = {};
  q.order = KbOrder::kNewest;
  q.limit = 2;
  EXPECT_EQ(list_ids(q), (std::vector<int64_t>{elsewhere, second}));
  q.offset = 2;
  EXPECT_EQ(list_ids(q), (std::vector<int64_t>{first}));

  ASSERT_TRUE(kb().add_views({{first, 3}, {second, 1}, {first, 2}, {999999, 4}, {elsewhere, -5}}).is_ok());
  q = {};
  q.order = KbOrder::kPopular;
  EXPECT_EQ(list_ids(q), (std::vector<int64_t>{first, second, elsewhere}));
  EXPECT_EQ(kb().find_article(first)->view_count, 5);
  EXPECT_EQ(kb().find_article(elsewhere)->view_count, 0);
}

TEST_P(KbConformanceTest, SearchRanksHighlightsAndMatchesPrefixes) {
  const int64_t cat = category("general");
  const int64_t cookies = article(cat, {tr("en", "Which cookies are used", "Cookies keep your session alive.")});
  const int64_t mention = article(cat, {tr("en", "Browsers", "Some browsers block cookies now and then.")});
  const int64_t passwords = article(cat, {tr("en", "Passwords", "Choose a long password.")});

  EXPECT_EQ(hit_ids("en", "cookies"), (std::vector<int64_t>{cookies, mention}));  // title weighs more
  EXPECT_EQ(hit_ids("en", "cook"), (std::vector<int64_t>{cookies, mention}));
  EXPECT_EQ(hit_ids("en", "passw"), (std::vector<int64_t>{passwords}));
  EXPECT_TRUE(hit_ids("en", "cookies password").empty());  // every word must match

  Result<std::vector<KbSearchHit>> hits = kb().search("en", "session", 10, 0);
  ASSERT_TRUE(hits.is_ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ(hits->front().slug, "slug");
  EXPECT_EQ(hits->front().title, "Which cookies are used");
  EXPECT_EQ(hits->front().snippet,
            "Cookies keep your " + std::string(kKbMarkOpen) + "session" + std::string(kKbMarkClose) + " alive.");
}

TEST_P(KbConformanceTest, SearchFoldsDiacriticsAndIsPerLanguage) {
  const int64_t cat = category("general");
  const int64_t da = article(cat, {tr("da", "Kontoret i København", "Vi svarer på hverdage."),
                                   tr("en", "Our Copenhagen office", "We answer on weekdays.")});
  const int64_t de = article(cat, {tr("de", "Grüße aus der Straße", "Café Zürich")});
  EXPECT_EQ(hit_ids("da", "kobenhavn"), (std::vector<int64_t>{da}));
  EXPECT_EQ(hit_ids("da", "koebenhavn"), (std::vector<int64_t>{da}));
  EXPECT_EQ(hit_ids("da", "KØBENH"), (std::vector<int64_t>{da}));
  EXPECT_EQ(hit_ids("da", "hverdage"), (std::vector<int64_t>{da}));
  EXPECT_TRUE(hit_ids("en", "kobenhavn").empty());
  EXPECT_EQ(hit_ids("en", "copenhagen"), (std::vector<int64_t>{da}));
  EXPECT_TRUE(hit_ids("da", "copenhagen").empty());
  EXPECT_EQ(hit_ids("de", "strasse"), (std::vector<int64_t>{de}));
  EXPECT_EQ(hit_ids("de", "grusse"), (std::vector<int64_t>{de}));
  EXPECT_EQ(hit_ids("de", "gruesse"), (std::vector<int64_t>{de}));
  EXPECT_EQ(hit_ids("de", "zurich cafe"), (std::vector<int64_t>{de}));

  Result<std::vector<KbSearchHit>> hits = kb().search("da", "kobenhavn", 10, 0);
  ASSERT_TRUE(hits.is_ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ(hits->front().title, "Kontoret i " + std::string(kKbMarkOpen) + "København" + std::string(kKbMarkClose));
}

TEST_P(KbConformanceTest, SearchSkipsDraftsAndFollowsUpdates) {
  const int64_t cat = category("general");
  const int64_t draft = article(cat, {tr("en", "Secret", "Unreleased feature")}, KbStatus::kDraft);
  EXPECT_TRUE(hit_ids("en", "unreleased").empty());
  ASSERT_TRUE(kb().set_status(draft, KbStatus::kPublished).is_ok());
  EXPECT_EQ(hit_ids("en", "unreleased"), (std::vector<int64_t>{draft}));

  Result<KbArticle> a = kb().find_article(draft);
  ASSERT_TRUE(a.is_ok());
  a->translations = {tr("en", "Secret", "Released feature"), tr("da", "Hemmelig", "Ny funktion")};
  ASSERT_TRUE(kb().update_article(*a).is_ok());
  EXPECT_TRUE(hit_ids("en", "unreleased").empty());
  EXPECT_EQ(hit_ids("en", "released"), (std::vector<int64_t>{draft}));
  EXPECT_EQ(hit_ids("da", "funktion"), (std::vector<int64_t>{draft}));
  a->translations = {tr("en", "Secret", "Released feature")};
  ASSERT_TRUE(kb().update_article(*a).is_ok());
  EXPECT_TRUE(hit_ids("da", "funktion").empty());
}

TEST_P(KbConformanceTest, AnyQueryIsSafe) {
  const int64_t cat = category("general");
  const int64_t id = article(cat, {tr("en", "Scripts", "A <script> tag and \"quotes\" OR near words")});
  for (std::string_view q : {"\" OR * NEAR(", "<script>", "\"", "*", "NEAR(a b)", "a OR", "-", "^x", ":", "(",
                             "title:x", "\xE2\x80\x94", "AND", "\x80\xFF", ""}) {
    Result<std::vector<KbSearchHit>> hits = kb().search("en", q, 10, 0);
    EXPECT_TRUE(hits.is_ok()) << q << ": " << hits.status().to_string();
  }
  EXPECT_EQ(hit_ids("en", "<script>"), (std::vector<int64_t>{id}));
  EXPECT_EQ(hit_ids("en", "\"quotes\" OR"), (std::vector<int64_t>{id}));
  EXPECT_EQ(hit_ids("en", std::string(2000, 'x')).size(), 0u);
  EXPECT_TRUE(hit_ids("en", "   ").empty());
}

TEST_P(KbConformanceTest, EveryContentWriteBumpsTheRevisionAndTellsTheListener) {
  ContentRevisionStore& revisions = storage_->content_revisions();
  std::vector<ContentChange> heard;
  revisions.set_listener([&](const ContentChange& change) { heard.push_back(change); });
  auto kb_revision = [&] {
    Result<ContentRevision> r = revisions.read();
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r.is_ok() ? r->knowledge_base : -1;
  };
  const int64_t start = kb_revision();
  const int64_t cat = category("general");
  EXPECT_EQ(kb_revision(), start + 1);
  const int64_t id = article(cat, {tr("en", "One", "Body")});
  EXPECT_EQ(kb_revision(), start + 2);
  Result<KbCategory> c = kb().find_category(cat);
  ASSERT_TRUE(c.is_ok());
  ASSERT_TRUE(kb().update_category(*c).is_ok());
  Result<KbArticle> a = kb().find_article(id);
  ASSERT_TRUE(a.is_ok());
  ASSERT_TRUE(kb().update_article(*a).is_ok());
  ASSERT_TRUE(kb().set_status(id, KbStatus::kDraft).is_ok());
  EXPECT_EQ(kb_revision(), start + 5);
  // View counters, reads and failed writes leave it alone.
  ASSERT_TRUE(kb().add_views({{id, 3}}).is_ok());
  EXPECT_EQ(kb().set_status(id + 100, KbStatus::kDraft).code(), Code::kNotFound);
  KbCategory bad;
  EXPECT_EQ(kb().create_category(bad).code(), Code::kInvalidArgument);
  ASSERT_TRUE(kb().list_categories().is_ok());
  EXPECT_EQ(kb_revision(), start + 5);
  ASSERT_EQ(heard.size(), 5u);
  for (size_t i = 0; i < heard.size(); ++i) {
    EXPECT_EQ(heard[i].scope, ContentScope::kKnowledgeBase);
    EXPECT_EQ(heard[i].revision, start + 1 + static_cast<int64_t>(i));
  }
  revisions.set_listener({});
  ASSERT_TRUE(kb().set_status(id, KbStatus::kPublished).is_ok());
  EXPECT_EQ(heard.size(), 5u);
}

TEST_P(KbConformanceTest, PublishedHoldsTheTreeAndEveryPublishedArticleWithItsTranslations) {
  const int64_t top = category("top", 0, 2);
  const int64_t first = category("first", 0, 1);
  const int64_t child = category("child", top);
  const int64_t b = article(child, {tr("en", "B", "Body B"), tr("da", "B da", "Krop B")});
  const int64_t draft = article(top, {tr("en", "Draft", "Hidden")}, KbStatus::kDraft);
  const int64_t a = article(first, {tr("de", "A", "Text A")});
  ASSERT_TRUE(kb().add_views({{b, 7}, {a, 2}, {draft, 9}}).is_ok());

  Result<KbPublished> p = kb().published();
  ASSERT_TRUE(p.is_ok()) << p.status().to_string();
  Result<ContentRevision> revision = storage_->content_revisions().read();
  ASSERT_TRUE(revision.is_ok());
  EXPECT_EQ(p->revision, revision->knowledge_base);
  std::vector<int64_t> tree;
  for (const auto& c : p->categories) tree.push_back(c.id);
  EXPECT_EQ(tree, (std::vector<int64_t>{first, top, child}));
  ASSERT_EQ(p->articles.size(), 2u);
  EXPECT_EQ(p->articles[0].id, b);
  EXPECT_EQ(p->articles[0].author_name, "Wanda Writer");
  EXPECT_EQ(p->articles[0].view_count, 7);
  ASSERT_EQ(p->articles[0].translations.size(), 2u);
  EXPECT_EQ(p->articles[0].translations[0].lang, "da");
  EXPECT_EQ(p->articles[0].translations[0].body_md, "Krop B");
  EXPECT_EQ(p->articles[0].translations[0].body_text, "");
  EXPECT_GT(p->articles[0].translations[0].updated_ms, 0);
  EXPECT_EQ(p->articles[1].id, a);
  ASSERT_EQ(p->articles[1].translations.size(), 1u);
  EXPECT_EQ(p->articles[1].translations[0].title, "A");

  Result<std::vector<KbViewCount>> views = kb().published_view_counts();
  ASSERT_TRUE(views.is_ok());
  ASSERT_EQ(views->size(), 2u);
  EXPECT_EQ((*views)[0].article_id, b);
  EXPECT_EQ((*views)[0].count, 7);
  EXPECT_EQ((*views)[1].count, 2);
}

}  // namespace deskd::storage::conformance
