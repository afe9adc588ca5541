#include "security/password.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <functional>
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

// Shortest of a few runs: scheduling noise only ever adds time, so the minimum is the cost.
std::chrono::nanoseconds min_duration(const std::function<void()>& f) {
  auto best = std::chrono::nanoseconds::max();
  for (int i = 0; i < 3; ++i) {
    const auto start = std::chrono::steady_clock::now();
    f();
    best =
        std::min(best, std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start));
  }
  return best;
}

TEST_F(PasswordTest, VerifyDummyCostsAsMuchAsARealVerify) {
  PasswordHasher slow({2, 16u * 1024 * 1024});
  Result<std::string> h = slow.hash("pw");
  ASSERT_TRUE(h.is_ok());
  (void)slow.verify_dummy("warm-up");  // builds the dummy hash once
  const auto real = min_duration([&] { EXPECT_FALSE(slow.verify(*h, "wrong")); });
  const auto dummy = min_duration([&] { EXPECT_FALSE(slow.verify_dummy("wrong")); });
  EXPECT_GT(dummy * 4, real) << "dummy " << dummy.count() << "ns vs real " << real.count() << "ns";
}

}  // namespace
}  // namespace deskd::security
