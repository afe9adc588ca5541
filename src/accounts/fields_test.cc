#include "accounts/fields.h"

#include <gtest/gtest.h>

namespace deskd::accounts {
namespace {

TEST(FieldsTest, NormalizedEmailTrimsAndLowerCases) {
  EXPECT_EQ(normalized_email("  Ann.Lee@Example.COM \t"), "ann.lee@example.com");
  EXPECT_EQ(normalized_email(std::string(300, 'a')).size(), kMaxEmail + 1);
}

TEST(FieldsTest, AcceptsOrdinaryAddresses) {
  for (const char* ok : {"ann@example.com", "a.b+tag@mail.example.co.uk", "x_y-z@sub-domain.example.org", "1@2.dk"})
    EXPECT_TRUE(valid_email(ok)) << ok;
}

TEST(FieldsTest, RejectsMalformedAddresses) {
  for (const char* bad :
       {"", "ann", "ann@", "@example.com", "ann@example", "ann@@example.com", "a b@example.com", "ann@exa mple.com",
        "ann@-example.com", "ann@example..com", ".ann@example.com", "an..n@example.com", "ann@example.com.",
        "<ann@example.com>", "ann@example.com\r\nBcc: x@y.z", "\"ann\"@example.com", "ann@ex_ample.com"})
    EXPECT_FALSE(valid_email(bad)) << bad;
  EXPECT_FALSE(valid_email(std::string(250, 'a') + "@x.dk"));
  EXPECT_FALSE(valid_email(std::string(65, 'a') + "@x.dk"));
}

TEST(FieldsTest, PasswordRules) {
  EXPECT_EQ(password_problem("1234567", "1234567"), "account.password_short");
  EXPECT_EQ(password_problem("12345678", "12345678"), "");
  EXPECT_EQ(password_problem("12345678", "12345679"), "account.password_mismatch");
  // 8 characters of two bytes each: long enough; 7 such characters: too short.
  EXPECT_EQ(password_problem("\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6",
                             "\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6"),
            "");
  EXPECT_EQ(password_problem("\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6",
                             "\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6"),
            "account.password_short");
  const std::string max(1024, 'p'), over(1025, 'p');
  EXPECT_EQ(password_problem(max, max), "");
  EXPECT_EQ(password_problem(over, over), "account.password_long");
}

TEST(FieldsTest, Utf8LengthAndTrim) {
  EXPECT_EQ(utf8_length("Ærø"), 3u);
  EXPECT_EQ(trimmed("  a b \n"), "a b");
}

}  // namespace
}  // namespace deskd::accounts
