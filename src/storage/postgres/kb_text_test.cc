#include "storage/postgres/kb_text.h"

#include <gtest/gtest.h>

#include "storage/kb_store.h"

namespace deskd::storage::postgres {
namespace {

std::string marked(std::string_view word) {
  return std::string(kKbMarkOpen) + std::string(word) + std::string(kKbMarkClose);
}

std::vector<std::string> folded(std::string_view text) {
  std::vector<std::string> out;
  for (const KbWord& w : kb_words(text)) out.push_back(w.digraph.empty() ? w.folded : w.folded + "|" + w.digraph);
  return out;
}

TEST(KbText, WordsAreFoldedLikeTheSqliteTokenizer) {
  EXPECT_EQ(folded("Kontoret i København"), (std::vector<std::string>{"kontoret", "i", "kobenhavn|koebenhavn"}));
  EXPECT_EQ(folded("Grüße aus der Straße"), (std::vector<std::string>{"grusse|gruesse", "aus", "der", "strasse"}));
  EXPECT_EQ(folded("Café Zürich, Århus; ŒUVRE Łódź"),
            (std::vector<std::string>{"cafe", "zurich|zuerich", "arhus|aarhus", "oeuvre", "lodz"}));
  EXPECT_EQ(folded("e\xCC\x81t\xC3\xA9"), (std::vector<std::string>{"ete"}));  // combining acute dropped
  EXPECT_EQ(folded("ΑΘΗΝΑ Москва"), (std::vector<std::string>{"αθηνα", "москва"}));
}

TEST(KbText, PunctuationSymbolsAndInvalidUtf8SeparateWords) {
  EXPECT_EQ(folded("a<script>b \"quotes\" OR—near…x"),
            (std::vector<std::string>{"a", "script", "b", "quotes", "or", "near", "x"}));
  EXPECT_EQ(folded("\x80\xFF"
                   "abc\xC3"
                   "def"),
            (std::vector<std::string>{"abc", "def"}));
  EXPECT_TRUE(kb_words("  -- ** \xE2\x80\x94 ").empty());
}

TEST(KbText, WordSpansPointIntoTheOriginalText) {
  const std::string text = "Hej København!";
  std::vector<KbWord> words = kb_words(text);
  ASSERT_EQ(words.size(), 2u);
  EXPECT_EQ(text.substr(words[1].begin, words[1].end - words[1].begin), "København");
}

TEST(KbText, QueryTermsAreCappedAndQuoted) {
  EXPECT_EQ(kb_query_terms("KØBENH"), (std::vector<std::string>{"kobenh"}));
  EXPECT_TRUE(kb_query_terms("\" OR * NEAR(").size() == 2u);
  EXPECT_TRUE(kb_query_terms("   ").empty());
  EXPECT_EQ(kb_query_terms(std::string(2000, 'x')).front().size(), 64u);
  std::string many;
  for (int i = 0; i < 40; ++i) many.append("w").append(std::to_string(i)).append(" ");
  EXPECT_EQ(kb_query_terms(many).size(), 16u);
  EXPECT_EQ(kb_tsquery({"cook", "it's"}), "'cook':* & 'it''s':*");
  EXPECT_EQ(kb_tsquery({}), "");
}

TEST(KbText, TsvectorWeighsTitleAndIndexesDigraphsAtTheSamePosition) {
  EXPECT_EQ(kb_tsvector("Grüße", "aus Grüße"), "'aus':2B 'gruesse':1A,3B 'grusse':1A,3B");
  EXPECT_EQ(kb_tsvector("", ""), "");
}

TEST(KbText, HighlightMarksPrefixMatchesVerbatim) {
  EXPECT_EQ(kb_highlight("Kontoret i København", {"kobenhavn"}), "Kontoret i " + marked("København"));
  EXPECT_EQ(kb_highlight("Kontoret i København", {"koeb"}), "Kontoret i " + marked("København"));
  EXPECT_EQ(kb_highlight("<b>Cookies</b> & more", {"cook"}), "<b>" + marked("Cookies") + "</b> & more");
  EXPECT_EQ(kb_highlight("nothing here", {"zzz"}), "nothing here");
}

TEST(KbText, SnippetIsAWindowAroundTheMatchesWithEllipses) {
  EXPECT_EQ(kb_snippet("Cookies keep your session alive.", {"session"}),
            "Cookies keep your " + marked("session") + " alive.");
  std::string text;
  for (int i = 0; i < 100; ++i) text.append("w").append(std::to_string(i)).append(" ");
  text += "needle tail.";
  const std::string snippet = kb_snippet(text, {"needle"}, 10);
  EXPECT_EQ(snippet, "\xE2\x80\xA6w92 w93 w94 w95 w96 w97 w98 w99 " + marked("needle") + " tail.");
  const std::string head = kb_snippet("needle " + text, {"needle"}, 5);
  EXPECT_EQ(head, marked("needle") + " w0 w1 w2 w3\xE2\x80\xA6");
}

}  // namespace
}  // namespace deskd::storage::postgres
