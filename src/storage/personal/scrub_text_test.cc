#include <gtest/gtest.h>

#include "storage/personal/personal_data.h"

namespace deskd::storage::personal {
namespace {

TEST(ScrubTextTest, ReplacesWholeWordsInAnyAsciiCase) {
  EXPECT_EQ(scrub_text("Mail ANN@Example.org or ann@example.org.", {"ann@example.org"}), "Mail [erased] or [erased].");
  EXPECT_EQ(scrub_text("ann miller, Ann Miller and ANN MILLER", {"Ann Miller"}), "[erased], [erased] and [erased]");
}

TEST(ScrubTextTest, LeavesWordsThatMerelyContainTheNeedle) {
  EXPECT_EQ(scrub_text("Bo reads Books; bo.", {"Bo"}), "[erased] reads Books; [erased].");
  EXPECT_EQ(scrub_text("xann@example.org is someone else", {"ann@example.org"}), "xann@example.org is someone else");
  EXPECT_EQ(scrub_text("Åse and Åsen", {"Åse"}), "[erased] and Åsen");
  EXPECT_EQ(scrub_text("Ødegård-Berg", {"Ødegård"}), "[erased]-Berg");
}

TEST(ScrubTextTest, IgnoresNeedlesTooShortToMeanSomeone) {
  EXPECT_EQ(scrub_text("a b c", {"", "a"}), "a b c");
  EXPECT_EQ(scrub_text("", {"Ann"}), "");
}

}  // namespace
}  // namespace deskd::storage::personal
