#include "security/password.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>

#include "core/crypto.h"

namespace deskd::security {
namespace {

class PasswordTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(deskd::crypto_init()); }
  PasswordHasher hasher_{fast_test_password_params()};
};

TEST_F(PasswordTest, HashIsArgon2idAndVerifies) {
  Result<std::string> h = hasher_.hash("correct horse");
  ASSERT_TRUE(h.is_ok()) << h.status().to_string();
  EXPECT_TRUE(h->starts_with("$argon2id$")) << *h;
  EXPECT_TRUE(hasher_.verify(*h, "correct horse"));
}

TEST_F(PasswordTest, SamePasswordHashesDifferently) {
  Result<std::string> a = hasher_.hash("pw");
  Result<std::string> b = hasher_.hash("pw");
  ASSERT_TRUE(a.is_ok());
  ASSERT_TRUE(b.is_ok());
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(hasher_.verify(*a, "pw"));
  EXPECT_TRUE(hasher_.verify(*b, "pw"));
}

TEST_F(PasswordTest, WrongPasswordFails) {
  Result<std::string> h = hasher_.hash("correct horse");
  ASSERT_TRUE(h.is_ok());
  EXPECT_FALSE(hasher_.verify(*h, "correct horsE"));
  EXPECT_FALSE(hasher_.verify(*h, "correct hors"));
  EXPECT_FALSE(hasher_.verify(*h, ""));
}

TEST_F(PasswordTest, MalformedHashFailsWithoutCrashing) {
  Result<std::string> h = hasher_.hash("pw");
  ASSERT_TRUE(h.is_ok());
  std::string truncated = h->substr(0, h->size() - 5);
  std::string flipped = *h;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  std::string with_nul = *h;
  with_nul.insert(10, 1, '\0');
  const std::string oversize(4096, 'a');
  for (const std::string& bad :
       {std::string(), std::string("$argon2id$"), std::string("plaintext"), truncated, flipped, with_nul, oversize,
        std::string("$argon2i$") + h->substr(10), std::string("$argon2id$v=19$m=zz,t=1,p=1$abc$def")}) {
    EXPECT_FALSE(hasher_.verify(bad, "pw")) << bad;
  }
}

TEST_F(PasswordTest, EmptyAndOversizePasswordsAreRejected) {
  Result<std::string> empty = hasher_.hash("");
  ASSERT_FALSE(empty.is_ok());
  EXPECT_EQ(empty.status().code(), Code::kInvalidArgument);

  const std::string max(kMaxPasswordBytes, 'x');
  const std::string over(kMaxPasswordBytes + 1, 'x');
  Result<std::string> too_long = hasher_.hash(over);
  ASSERT_FALSE(too_long.is_ok());
  EXPECT_EQ(too_long.status().code(), Code::kInvalidArgument);

  Result<std::string> at_limit = hasher_.hash(max);
  ASSERT_TRUE(at_limit.is_ok());
  EXPECT_TRUE(hasher_.verify(*at_limit, max));
  EXPECT_FALSE(hasher_.verify(*at_limit, over));
}

TEST_F(PasswordTest, NeedsRehashWhenParamsDiffer) {
  Result<std::string> h = hasher_.hash("pw");
  ASSERT_TRUE(h.is_ok());
  EXPECT_FALSE(hasher_.needs_rehash(*h));

  const PasswordParams fast = fast_test_password_params();
  PasswordHasher more_ops({fast.opslimit + 1, fast.memlimit});
  PasswordHasher more_mem({fast.opslimit, fast.memlimit * 2});
  EXPECT_TRUE(more_ops.needs_rehash(*h));
  EXPECT_TRUE(more_mem.needs_rehash(*h));
  // An old hash still verifies under new params, so the caller can rehash after login.
  EXPECT_TRUE(more_ops.verify(*h, "pw"));

  EXPECT_TRUE(hasher_.needs_rehash("garbage"));
  EXPECT_TRUE(hasher_.needs_rehash(""));
}

TEST_F(PasswordTest, DefaultParamsAreInteractive) {
  const PasswordParams p = default_password_params();
  EXPECT_EQ(p.opslimit, static_cast<unsigned long long>(crypto_pwhash_OPSLIMIT_INTERACTIVE));
  EXPECT_EQ(p.memlimit, static_cast<size_t>(crypto_pwhash_MEMLIMIT_INTERACTIVE));
}

TEST_F(PasswordTest, VerifyDummyAlwaysFails) {
  EXPECT_FALSE(hasher_.verify_dummy("pw"));
  EXPECT_FALSE(hasher_.verify_dummy(""));
  EXPECT_FALSE(hasher_.verify_dummy(std::string(kMaxPasswordBytes + 1, 'x')));
  EXPECT_FALSE(hasher_.verify_dummy("pw"));
}

// "$argon2id$v=19$m=16384,t=2,p=1" of an encoded hash: everything before its salt.
std::string params_of(const std::string& encoded) {
  size_t end = 0;
  for (int field = 0; field < 3 && end != std::string::npos; ++field) end = encoded.find('$', end + 1);
  return encoded.substr(0, end);
}

// An unknown e-mail must cost what a wrong password costs: the dummy hash carries the
// same argon2id params (memory, passes) as a real one, so verifying it does the same work.
TEST_F(PasswordTest, VerifyDummyChecksAHashWithTheHashersOwnParams) {
  PasswordHasher slow({2, 16u * 1024 * 1024});
  PasswordHasher fast({1, 8u * 1024});
  Result<std::string> real = slow.hash("pw");
  ASSERT_TRUE(real.is_ok());
  EXPECT_EQ(params_of(slow.dummy_hash()), params_of(*real));
  EXPECT_NE(params_of(fast.dummy_hash()), params_of(*real));
  EXPECT_FALSE(slow.needs_rehash(slow.dummy_hash()));
  EXPECT_TRUE(fast.needs_rehash(slow.dummy_hash()));
}

}  // namespace
}  // namespace deskd::security
