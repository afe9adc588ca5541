#include "security/visitor_token.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>

#include "core/crypto.h"
#include "core/random.h"

namespace deskd::security {
namespace {

class VisitorTokensTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(deskd::crypto_init()); }

  deskd::SeededRandom random_{7};
  VisitorTokens tokens_{std::string(32, 'k')};
  VisitorTokens other_key_{std::string(31, 'k') + "x"};
};

TEST_F(VisitorTokensTest, IssuedTokensAreBase64urlOfRandomThenMacAndValid) {
  const std::string t = tokens_.issue(random_);
  ASSERT_EQ(t.size(), kVisitorTokenChars) << t;
  EXPECT_TRUE(deskd::is_base64url(t));
  auto raw = deskd::base64url_decode(t);
  ASSERT_TRUE(raw.has_value());
  EXPECT_EQ(raw->size(), kVisitorRandomBytes + kVisitorMacBytes);
  EXPECT_TRUE(tokens_.valid(t));
}

TEST_F(VisitorTokensTest, EveryIssueIsFresh) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string t = tokens_.issue(random_);
    EXPECT_TRUE(tokens_.valid(t));
    seen.insert(t);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST_F(VisitorTokensTest, AnotherKeysTokensAreRefused) {
  const std::string t = other_key_.issue(random_);
  EXPECT_TRUE(other_key_.valid(t));
  EXPECT_FALSE(tokens_.valid(t));
}

// valid() remembers ids it accepted (per thread): a remembered id is still
// refused under another key, also by an object at the same address, and a
// forged neighbour of it is checked in full.
TEST_F(VisitorTokensTest, RememberedIdsAreAcceptedOnlyUnderTheirOwnKey) {
  const std::string t = tokens_.issue(random_);
  EXPECT_TRUE(tokens_.valid(t));
  EXPECT_TRUE(tokens_.valid(t));  // remembered
  EXPECT_FALSE(other_key_.valid(t));
  std::string forged = t;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(tokens_.valid(forged));
  EXPECT_TRUE(tokens_.valid(t));

  std::string issued;
  const void* address = nullptr;
  {
    auto first = std::make_unique<VisitorTokens>(std::string(32, 'a'));
    issued = first->issue(random_);
    EXPECT_TRUE(first->valid(issued));
    address = first.get();
  }
  auto second = std::make_unique<VisitorTokens>(std::string(32, 'b'));
  if (second.get() != address) GTEST_LOG_(INFO) << "the allocator gave another address; the key check still holds";
  EXPECT_FALSE(second->valid(issued));
}

TEST_F(VisitorTokensTest, ChangingAnyCharacterBreaksTheMac) {
  const std::string t = tokens_.issue(random_);
  for (size_t i = 0; i < t.size(); ++i) {
    std::string forged = t;
    forged[i] = forged[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(tokens_.valid(forged)) << i;
  }
}

TEST_F(VisitorTokensTest, RandomBytesWithAMadeUpMacAreRefused) {
  const std::string t = tokens_.issue(random_);
  const std::string random_part = deskd::base64url_decode(t)->substr(0, kVisitorRandomBytes);
  EXPECT_FALSE(tokens_.valid(deskd::base64url_encode(random_part + std::string(kVisitorMacBytes, '\0'))));
}

TEST_F(VisitorTokensTest, MalformedInputIsRefused) {
  const std::string t = tokens_.issue(random_);
  EXPECT_FALSE(tokens_.valid(""));
  EXPECT_FALSE(tokens_.valid("AAAAAAAAAAAAAAAAAAAAAA"));  // a 22-character id of earlier versions
  EXPECT_FALSE(tokens_.valid(std::string(32, 'A')));
  EXPECT_FALSE(tokens_.valid(t.substr(0, 31)));
  EXPECT_FALSE(tokens_.valid(t + "A"));
  EXPECT_FALSE(tokens_.valid(t.substr(0, 31) + "="));
  EXPECT_FALSE(tokens_.valid(t.substr(0, 31) + "+"));
  EXPECT_FALSE(tokens_.valid(std::string(1000, 'A')));
}

}  // namespace
}  // namespace deskd::security
