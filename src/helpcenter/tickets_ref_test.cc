#include "helpcenter/tickets_ref.h"

#include <gtest/gtest.h>

#include <set>

namespace deskd::helpcenter {
namespace {

TEST(TicketRef, HasTheShapeAndAlphabet) {
  SeededRandom random(42);
  for (int i = 0; i < 500; ++i) {
    const std::string ref = new_ticket_ref(random);
    ASSERT_EQ(ref.size(), 9u) << ref;
    EXPECT_EQ(ref[4], '-') << ref;
    EXPECT_TRUE(well_formed_ticket_ref(ref)) << ref;
    for (char c : std::string_view("01ILOUVilo")) EXPECT_EQ(ref.find(c), std::string::npos) << ref;
  }
}

TEST(TicketRef, UsesEveryLetterAndRarelyRepeats) {
  SeededRandom random(7);
  std::set<char> letters;
  std::set<std::string> refs;
  for (int i = 0; i < 2000; ++i) {
    const std::string ref = new_ticket_ref(random);
    refs.insert(ref);
    for (char c : ref) letters.insert(c);
  }
  EXPECT_EQ(refs.size(), 2000u);
  EXPECT_EQ(letters.size(), kTicketRefAlphabet.size() + 1);  // plus '-'
}

TEST(TicketRef, RejectsAnythingElse) {
  EXPECT_TRUE(well_formed_ticket_ref("K7QX-4P2M"));
  EXPECT_FALSE(well_formed_ticket_ref(""));
  EXPECT_FALSE(well_formed_ticket_ref("k7qx-4p2m"));
  EXPECT_FALSE(well_formed_ticket_ref("K7QX4P2M"));
  EXPECT_FALSE(well_formed_ticket_ref("K7QX-4P2MA"));
  EXPECT_FALSE(well_formed_ticket_ref("K7QX_4P2M"));
  EXPECT_FALSE(well_formed_ticket_ref("K0QX-4P2M"));
  EXPECT_FALSE(well_formed_ticket_ref("KIQX-4P2M"));
  EXPECT_FALSE(well_formed_ticket_ref("../../etc"));
  EXPECT_FALSE(well_formed_ticket_ref(std::string_view("K7QX-4P2\0", 9)));
}

}  // namespace
}  // namespace deskd::helpcenter
