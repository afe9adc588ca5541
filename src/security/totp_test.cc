#include "security/totp.h"

#include <gtest/gtest.h>

#include <set>

#include "core/crypto.h"

namespace deskd::security {
namespace {

// RFC 6238 appendix B: the SHA-1 key "12345678901234567890". The RFC lists
// 8-digit codes; the 6-digit code is their last six digits (RFC 4226 §5.3).
const std::string kRfcKey = "12345678901234567890";

TEST(Totp, MatchesRfc6238TestVectors) {
  struct Vector {
    int64_t unix_s;
    const char* eight_digits;
  };
  for (const Vector& v : {Vector{59, "94287082"}, Vector{1111111109, "07081804"}, Vector{1111111111, "14050471"},
                          Vector{1234567890, "89005924"}, Vector{2000000000, "69279037"},
                          Vector{20000000000, "65353130"}}) {
    EXPECT_EQ(totp_code(kRfcKey, totp_step(v.unix_s * 1000)), std::string(v.eight_digits).substr(2)) << v.unix_s;
  }
}

TEST(Totp, SecretsAreBase32Of160RandomBits) {
  SodiumRandom random;
  const std::string a = totp_new_secret(random);
  const std::string b = totp_new_secret(random);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
  auto key = totp_key(a);
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->size(), kTotpSecretBytes);
  EXPECT_EQ(totp_key("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), kRfcKey);
  EXPECT_EQ(totp_key("gezdgnbvgy3tqojqgezdgnbvgy3tqojq"), kRfcKey);
  EXPECT_FALSE(totp_key("").has_value());
  EXPECT_FALSE(totp_key("not base32!").has_value());
}

TEST(Totp, AcceptsOneStepOfDriftAndNoMore) {
  const int64_t now_ms = 1'700'000'015'000;
  const int64_t now = totp_step(now_ms);
  EXPECT_EQ(totp_match(kRfcKey, totp_code(kRfcKey, now), now_ms), now);
  EXPECT_EQ(totp_match(kRfcKey, totp_code(kRfcKey, now - 1), now_ms), now - 1);
  EXPECT_EQ(totp_match(kRfcKey, totp_code(kRfcKey, now + 1), now_ms), now + 1);
  EXPECT_FALSE(totp_match(kRfcKey, totp_code(kRfcKey, now - 2), now_ms).has_value());
  EXPECT_FALSE(totp_match(kRfcKey, totp_code(kRfcKey, now + 2), now_ms).has_value());
  EXPECT_FALSE(totp_match("another key 12345678", totp_code(kRfcKey, now), now_ms).has_value());
}

TEST(Totp, RefusesCodesOfTheWrongShape) {
  const int64_t now_ms = 1'700'000'015'000;
  const std::string good = totp_code(kRfcKey, totp_step(now_ms));
  EXPECT_FALSE(totp_match(kRfcKey, "", now_ms).has_value());
  EXPECT_FALSE(totp_match(kRfcKey, good.substr(0, 5), now_ms).has_value());
  EXPECT_FALSE(totp_match(kRfcKey, good + "0", now_ms).has_value());
  EXPECT_FALSE(totp_match(kRfcKey, " " + good.substr(1), now_ms).has_value());
  EXPECT_FALSE(totp_match(kRfcKey, "12345\xff", now_ms).has_value());
  EXPECT_FALSE(totp_match("", good, now_ms).has_value());
}

TEST(RecoveryCodes, TenDistinctCodesThatNormalizeForgivingly) {
  SodiumRandom random;
  const std::vector<std::string> codes = new_recovery_codes(random);
  ASSERT_EQ(codes.size(), 10u);
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), 10u);
  for (const auto& c : codes) {
    ASSERT_EQ(c.size(), 19u) << c;
    EXPECT_EQ(c[4], '-');
    auto n = normalize_recovery_code(c);
    ASSERT_TRUE(n.has_value()) << c;
    EXPECT_EQ(n->size(), 16u);
  }
  EXPECT_EQ(normalize_recovery_code("ABCD EFGH-JKMN-PQRS"), "abcdefghjkmnpqrs");
  EXPECT_EQ(normalize_recovery_code("oOiL-0000-1111-2222"), "0011000011112222");
  EXPECT_FALSE(normalize_recovery_code("abcd-efgh-jkmn-pqr").has_value());
  EXPECT_FALSE(normalize_recovery_code("abcd-efgh-jkmn-pqru").has_value());  // u is not Crockford
  EXPECT_FALSE(normalize_recovery_code("123456").has_value());
  EXPECT_NE(recovery_code_hash("abcdefghjkmnpqrs"), recovery_code_hash("abcdefghjkmnpqrt"));
  EXPECT_EQ(recovery_code_hash("abcdefghjkmnpqrs").size(), 64u);
}

}  // namespace
}  // namespace deskd::security
