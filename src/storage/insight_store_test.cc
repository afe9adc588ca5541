#include "storage/insight_store.h"

#include <gtest/gtest.h>

namespace deskd::storage {
namespace {

using Terms = std::vector<std::string>;

TEST(TicketSearchTerms, SplitsOnEverythingButLettersAndDigitsAndLowerCases) {
  EXPECT_EQ(ticket_search_terms("Printer ON fire"), (Terms{"printer", "on", "fire"}));
  EXPECT_EQ(ticket_search_terms("ann@acme.example"), (Terms{"ann", "acme", "example"}));
  EXPECT_EQ(ticket_search_terms("K7QX-4P2M"), (Terms{"k7qx", "4p2m"}));
  EXPECT_EQ(ticket_search_terms("\"x\" OR NEAR(y*) ^z 'w':* & !v"), (Terms{"x", "or", "near", "y", "z", "w", "v"}));
  EXPECT_EQ(ticket_search_terms("Blåbærgrød øl"), (Terms{"blåbærgrød", "øl"}));
}

TEST(TicketSearchTerms, EmptyAndPunctuationOnlyGiveNoTerms) {
  EXPECT_TRUE(ticket_search_terms("").empty());
  EXPECT_TRUE(ticket_search_terms("  \"*()-:^ ").empty());
}

TEST(TicketSearchTerms, LimitsTermsTermLengthAndInput) {
  EXPECT_EQ(ticket_search_terms("a b c d e f g h i j k").size(), kMaxSearchTerms);
  Terms long_term = ticket_search_terms(std::string(1000, 'q'));
  ASSERT_EQ(long_term.size(), 1u);
  EXPECT_EQ(long_term[0].size(), kMaxSearchTermBytes);
  // A long word of two-byte letters is cut on a character boundary.
  std::string ae;
  for (int i = 0; i < 100; ++i) ae += "æ";
  Terms cut = ticket_search_terms(" " + ae);
  ASSERT_EQ(cut.size(), 1u);
  EXPECT_EQ(cut[0].size() % 2, 0u);
  EXPECT_TRUE(ticket_search_terms(std::string(kMaxSearchInput, ' ') + "late").empty());
}

TEST(TicketSearchTerms, EveryProducedTermIsValidAndSyntaxIsNot) {
  for (const auto& t : ticket_search_terms("Hello, wörld! 42 x-y")) EXPECT_TRUE(valid_search_term(t)) << t;
  EXPECT_FALSE(valid_search_term(""));
  EXPECT_FALSE(valid_search_term("a b"));
  EXPECT_FALSE(valid_search_term("a\"b"));
  EXPECT_FALSE(valid_search_term("Upper"));
  EXPECT_FALSE(valid_search_term(std::string(kMaxSearchTermBytes + 1, 'a')));
}

}  // namespace
}  // namespace deskd::storage
