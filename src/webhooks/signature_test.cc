#include "webhooks/signature.h"

#include <gtest/gtest.h>

#include "core/crypto.h"

namespace deskd::webhooks {
namespace {

TEST(SignatureTest, IsHmacSha256OfTimestampDotBody) {
  ASSERT_TRUE(crypto_init());
  // Computed independently with Python's hmac module:
  //   hmac.new(b"whsec", b"1700000000.{\"a\":1}", hashlib.sha256).hexdigest()
  EXPECT_EQ(signature("whsec", 1700000000, R"({"a":1})"),
            "sha256=8ad37ba156048ae0e0a5533c75cdf26fee88b07f93cb57ee4c80adb053012032");
}

// A long key (over SHA-256's 64-byte block) is hashed first (RFC 2104):
//   hmac.new(b"x" * 100, b"0.what do ya want for nothing?", hashlib.sha256)
TEST(SignatureTest, LongKeys) {
  ASSERT_TRUE(crypto_init());
  EXPECT_EQ(signature(std::string(100, 'x'), 0, "what do ya want for nothing?"), "sha256=4f01ca9e45a87d27373d1580e500e80b64a4e208d64331e60cb322b5a3bf2605");
}

TEST(SignatureTest, DependsOnEveryInput) {
  ASSERT_TRUE(crypto_init());
  const std::string base = signature("k", 10, "body");
  EXPECT_EQ(base.size(), 7u + 64u);
  EXPECT_EQ(base.rfind("sha256=", 0), 0u);
  EXPECT_NE(signature("k2", 10, "body"), base);
  EXPECT_NE(signature("k", 11, "body"), base);
  EXPECT_NE(signature("k", 10, "body "), base);
  EXPECT_EQ(signature("k", 10, "body"), base);
  // A long key (over the 64-byte block) is hashed first, as RFC 2104 says.
  EXPECT_NE(signature(std::string(100, 'x'), 10, "body"), signature(std::string(99, 'x'), 10, "body"));
}

}  // namespace
}  // namespace deskd::webhooks
