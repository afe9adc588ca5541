#include "security/csrf.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/crypto.h"
#include "core/random.h"

namespace deskd::security {
namespace {

std::string flip_char(std::string s, size_t i) {
  s[i] = s[i] == 'A' ? 'B' : 'A';
  return s;
}

class CsrfTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(deskd::crypto_init()); }

  std::string key_a_ = std::string(32, 'k');
  std::string key_b_ = std::string(31, 'k') + "x";
  deskd::SeededRandom random_{42};
  Csrf csrf_{key_a_, random_};
  const std::string session_a_ = deskd::hash_hex("session-a");
  const std::string session_b_ = deskd::hash_hex("session-b");
};

TEST_F(CsrfTest, CookieHasSecretDotMacFormat) {
  const std::string cookie = csrf_.issue(session_a_).cookie_value;
  ASSERT_EQ(cookie.size(), 43u + 1 + 43u) << cookie;
  EXPECT_EQ(cookie[43], '.');
  std::optional<std::string> secret = deskd::base64url_decode(cookie.substr(0, 43));
  std::optional<std::string> tag = deskd::base64url_decode(cookie.substr(44));
  ASSERT_TRUE(secret.has_value());
  ASSERT_TRUE(tag.has_value());
  EXPECT_EQ(secret->size(), kCsrfSecretBytes);
  EXPECT_EQ(*tag, deskd::mac(key_a_, "deskd-csrf-v2|" + *secret + "|" + session_a_));
}

TEST_F(CsrfTest, IssuedCookiesAreWellFormedAndGarbageIsNot) {
  const std::string cookie = csrf_.issue(session_a_).cookie_value;
  EXPECT_TRUE(Csrf::well_formed_cookie(cookie));
  EXPECT_TRUE(Csrf::well_formed_cookie(csrf_.issue("").cookie_value));
  for (const std::string& bad : {std::string(), std::string("garbage"), cookie.substr(1), cookie + "A",
                                 std::string(cookie).replace(43, 1, "_"), std::string(cookie).replace(0, 1, "+"),
                                 std::string(cookie).replace(cookie.size() - 1, 1, "=")}) {
    EXPECT_FALSE(Csrf::well_formed_cookie(bad)) << bad;
  }
}

TEST_F(CsrfTest, IssueHandsBackTheSecretItsCookieCarries) {
  const Csrf::Issued issued = csrf_.issue(session_a_);
  EXPECT_EQ(issued.secret.size(), kCsrfSecretBytes);
  EXPECT_EQ(csrf_.secret_from_cookie(issued.cookie_value, session_a_).value_or(""), issued.secret);
  EXPECT_TRUE(csrf_.verify(issued.secret, csrf_.mask(issued.secret)));
}

TEST_F(CsrfTest, RoundTrip) {
  const std::string cookie = csrf_.issue(session_a_).cookie_value;
  std::optional<std::string> secret = csrf_.secret_from_cookie(cookie, session_a_);
  ASSERT_TRUE(secret.has_value());
  EXPECT_EQ(*secret, *deskd::base64url_decode(cookie.substr(0, cookie.find('.'))));
  EXPECT_TRUE(csrf_.verify(*secret, csrf_.mask(*secret)));
}

TEST_F(CsrfTest, EveryCookieHasANewSecret) {
  const std::string a = csrf_.issue("").cookie_value;
  const std::string b = csrf_.issue("").cookie_value;
  EXPECT_NE(a, b);
  EXPECT_NE(*csrf_.secret_from_cookie(a, ""), *csrf_.secret_from_cookie(b, ""));
}

TEST_F(CsrfTest, MaskedTokensDifferEveryCallAndAllVerify) {
  const std::string secret = *csrf_.secret_from_cookie(csrf_.issue(session_a_).cookie_value, session_a_);
  std::set<std::string> tokens;
  for (int i = 0; i < 50; ++i) {
    const std::string token = csrf_.mask(secret);
    EXPECT_EQ(token.size(), 86u);
    EXPECT_EQ(token.find(deskd::base64url_encode(secret)), std::string::npos);
    EXPECT_TRUE(csrf_.verify(secret, token));
    tokens.insert(token);
  }
  EXPECT_EQ(tokens.size(), 50u);
}

TEST_F(CsrfTest, TokenForAnotherSecretFails) {
  const std::string s1 = *csrf_.secret_from_cookie(csrf_.issue("").cookie_value, "");
  const std::string s2 = *csrf_.secret_from_cookie(csrf_.issue("").cookie_value, "");
  EXPECT_FALSE(csrf_.verify(s1, csrf_.mask(s2)));
  EXPECT_FALSE(csrf_.verify(s2, csrf_.mask(s1)));
}

TEST_F(CsrfTest, TamperedTokenFails) {
  const std::string secret = *csrf_.secret_from_cookie(csrf_.issue("").cookie_value, "");
  const std::string token = csrf_.mask(secret);
  EXPECT_FALSE(csrf_.verify(secret, flip_char(token, 0)));
  EXPECT_FALSE(csrf_.verify(secret, flip_char(token, 60)));
  // The bare secret (unmasked, or masked with zeros) is not a token.
  EXPECT_FALSE(csrf_.verify(secret, deskd::base64url_encode(secret)));
}

TEST_F(CsrfTest, CookieBoundToOneSessionIsRejectedForAnother) {
  const std::string cookie = csrf_.issue(session_a_).cookie_value;
  EXPECT_TRUE(csrf_.secret_from_cookie(cookie, session_a_).has_value());
  EXPECT_FALSE(csrf_.secret_from_cookie(cookie, session_b_).has_value());
  EXPECT_FALSE(csrf_.secret_from_cookie(cookie, "").has_value());

  const std::string anonymous = csrf_.issue("").cookie_value;
  EXPECT_TRUE(csrf_.secret_from_cookie(anonymous, "").has_value());
  EXPECT_FALSE(csrf_.secret_from_cookie(anonymous, session_a_).has_value());
}

TEST_F(CsrfTest, TamperedSecretOrMacIsRejected) {
  const std::string cookie = csrf_.issue(session_a_).cookie_value;
  EXPECT_FALSE(csrf_.secret_from_cookie(flip_char(cookie, 0), session_a_).has_value());
  EXPECT_FALSE(csrf_.secret_from_cookie(flip_char(cookie, 20), session_a_).has_value());
  EXPECT_FALSE(csrf_.secret_from_cookie(flip_char(cookie, 50), session_a_).has_value());
  EXPECT_FALSE(csrf_.secret_from_cookie(flip_char(cookie, cookie.size() - 2), session_a_).has_value());

  // A planted cookie: the attacker's own secret with the MAC of a genuine cookie.
  const std::string planted = deskd::base64url_encode(std::string(32, 'p')) + cookie.substr(cookie.find('.'));
  EXPECT_FALSE(csrf_.secret_from_cookie(planted, session_a_).has_value());
}

TEST_F(CsrfTest, CookieSignedWithAnotherKeyIsRejected) {
  deskd::SeededRandom other_random{7};
  Csrf other(key_b_, other_random);
  const std::string foreign = other.issue(session_a_).cookie_value;
  EXPECT_TRUE(other.secret_from_cookie(foreign, session_a_).has_value());
  EXPECT_FALSE(csrf_.secret_from_cookie(foreign, session_a_).has_value());

  // Re-signing a genuine secret under another key does not help either.
  const std::string genuine = csrf_.issue(session_a_).cookie_value;
  const std::string secret = *csrf_.secret_from_cookie(genuine, session_a_);
  const std::string resigned =
      genuine.substr(0, genuine.find('.')) + "." +
      deskd::base64url_encode(deskd::mac(key_b_, "deskd-csrf-v2|" + secret + "|" + session_a_));
  EXPECT_FALSE(csrf_.secret_from_cookie(resigned, session_a_).has_value());
  // Nor does a MAC without the domain label.
  const std::string unlabelled = genuine.substr(0, genuine.find('.')) + "." +
                                 deskd::base64url_encode(deskd::mac(key_a_, secret + "|" + session_a_));
  EXPECT_FALSE(csrf_.secret_from_cookie(unlabelled, session_a_).has_value());
}

TEST_F(CsrfTest, MalformedCookiesAreRejected) {
  const std::string cookie = csrf_.issue("").cookie_value;
  const std::string secret_part = cookie.substr(0, cookie.find('.'));
  const std::string mac_part = cookie.substr(cookie.find('.') + 1);
  for (const std::string& bad : {
           std::string(),
           std::string("."),
           std::string(".."),
           secret_part,
           secret_part + ".",
           "." + mac_part,
           cookie + ".",
           cookie + "." + mac_part,
           secret_part + "=." + mac_part,
           secret_part + "." + mac_part + "=",
           " " + cookie,
           cookie + " ",
           secret_part + ".!!!!",
           secret_part.substr(0, 42) + "." + mac_part,
           secret_part + secret_part + "." + mac_part,
           std::string(300, 'A') + "." + mac_part,
           std::string(1 << 16, 'A'),
           std::string("\0\0\0", 3),
       }) {
    EXPECT_FALSE(csrf_.secret_from_cookie(bad, "").has_value()) << bad.substr(0, 100);
  }
}

TEST_F(CsrfTest, MalformedTokensAreRejected) {
  const std::string secret = *csrf_.secret_from_cookie(csrf_.issue("").cookie_value, "");
  const std::string token = csrf_.mask(secret);
  for (const std::string& bad : {
           std::string(),
           token.substr(0, 85),
           token + "A",
           token + "=",
           token + token,
           "!" + token.substr(1),
           std::string(300, 'A'),
           std::string(1 << 16, 'A'),
           std::string("\0", 1),
       }) {
    EXPECT_FALSE(csrf_.verify(secret, bad)) << bad.substr(0, 100);
  }
  EXPECT_FALSE(csrf_.verify("", ""));
  EXPECT_FALSE(csrf_.verify("", csrf_.mask("")));
}

}  // namespace
}  // namespace deskd::security
