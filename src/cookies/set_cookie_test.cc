#include "cookies/set_cookie.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace deskd::cookies {
namespace {

const WriteOptions kPlain{};
const WriteOptions kSecure{true, ""};
const WriteOptions kHost{true, "__Host-"};
const WriteOptions kPrefixNotSecure{false, "__Host-"};

struct Row {
  CookieId id;
  const char* plain;
  const char* secure;
  const char* host;
};

// Every server-set cookie, value "abc", default Max-Age.
const Row kRows[] = {
    {CookieId::kPortalSession, "dpsid-portal=abc; Path=/; HttpOnly; SameSite=Lax",
     "dpsid-portal=abc; Path=/; HttpOnly; SameSite=Lax; Secure",
     "__Host-dpsid-portal=abc; Path=/; HttpOnly; SameSite=Lax; Secure"},
    {CookieId::kAgentSession, "dpsid-agent=abc; Path=/; HttpOnly; SameSite=Lax",
     "dpsid-agent=abc; Path=/; HttpOnly; SameSite=Lax; Secure",
     "__Host-dpsid-agent=abc; Path=/; HttpOnly; SameSite=Lax; Secure"},
    {CookieId::kAdminSession, "dpsid-admin=abc; Path=/; HttpOnly; SameSite=Strict",
     "dpsid-admin=abc; Path=/; HttpOnly; SameSite=Strict; Secure",
     "__Host-dpsid-admin=abc; Path=/; HttpOnly; SameSite=Strict; Secure"},
    {CookieId::kRememberMe, "dpreme=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000",
     "dpreme=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000; Secure",
     "__Host-dpreme=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000; Secure"},
    {CookieId::kLastLang, "dp_last_lang=abc; Path=/; HttpOnly; SameSite=Lax",
     "dp_last_lang=abc; Path=/; HttpOnly; SameSite=Lax; Secure",
     "__Host-dp_last_lang=abc; Path=/; HttpOnly; SameSite=Lax; Secure"},
    {CookieId::kCsrf, "_dp_csrf_token=abc; Path=/; HttpOnly; SameSite=Lax",
     "_dp_csrf_token=abc; Path=/; HttpOnly; SameSite=Lax; Secure",
     "__Host-_dp_csrf_token=abc; Path=/; HttpOnly; SameSite=Lax; Secure"},
    {CookieId::kVisitor, "dp_v=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=34214400",
     "dp_v=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=34214400; Secure",
     "__Host-dp_v=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=34214400; Secure"},
    {CookieId::kConsent, "dp_consent=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=34214400",
     "dp_consent=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=34214400; Secure",
     "__Host-dp_consent=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=34214400; Secure"},
};

TEST(SetCookieTest, EveryServerCookiePlainSecureAndHostPrefixed) {
  for (const Row& r : kRows) {
    const CookieSpec& s = spec(r.id);
    EXPECT_EQ(format_set_cookie(s, "abc", kPlain), r.plain);
    EXPECT_EQ(format_set_cookie(s, "abc", kSecure), r.secure);
    EXPECT_EQ(format_set_cookie(s, "abc", kHost), r.host);
    EXPECT_EQ(format_set_cookie(s, "abc", kPrefixNotSecure), r.plain) << "prefix needs HTTPS";
  }
}

TEST(SetCookieTest, BriefExamples) {
  EXPECT_EQ(format_set_cookie(spec(CookieId::kPortalSession), "abc", kPlain),
            "dpsid-portal=abc; Path=/; HttpOnly; SameSite=Lax");
  EXPECT_EQ(format_set_cookie(spec(CookieId::kAdminSession), "abc", kSecure),
            "dpsid-admin=abc; Path=/; HttpOnly; SameSite=Strict; Secure");
  EXPECT_EQ(format_set_cookie(spec(CookieId::kVisitor), "abc", kPlain),
            "dp_v=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=34214400");
  EXPECT_EQ(format_set_cookie(spec(CookieId::kRememberMe), "s.v", kHost),
            "__Host-dpreme=s.v; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000; Secure");
}

TEST(SetCookieTest, MaxAgeOverrideOnlyForMultiSession) {
  EXPECT_EQ(format_set_cookie(spec(CookieId::kRememberMe), "s.v", kPlain, 86400 * 14),
            "dpreme=s.v; Path=/; HttpOnly; SameSite=Lax; Max-Age=1209600");
  EXPECT_EQ(format_set_cookie(spec(CookieId::kRememberMe), "s.v", kPlain, -5),
            "dpreme=s.v; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
  EXPECT_EQ(format_set_cookie(spec(CookieId::kPortalSession), "abc", kSecure, 3600),
            "dpsid-portal=abc; Path=/; HttpOnly; SameSite=Lax; Secure");
}

TEST(SetCookieTest, LoaderCookiesAreScriptReadableAndNeverPrefixed) {
  EXPECT_EQ(format_set_cookie(spec(CookieId::kLoaderAssetsUrl), "https://h/a.js", kPlain),
            "dpdefaultloader_assets_url=https://h/a.js; Path=/; SameSite=Lax; Max-Age=2592000");
  EXPECT_EQ(format_set_cookie(spec(CookieId::kLoaderTime), "1700000000", kHost),
            "dpdefaultloader_time=1700000000; Path=/; SameSite=Lax; Max-Age=2592000; Secure");
  EXPECT_EQ(wire_name(spec(CookieId::kLoaderTime), kHost), "dpdefaultloader_time");
}

TEST(SetCookieTest, WireName) {
  EXPECT_EQ(wire_name(spec(CookieId::kRememberMe), kPlain), "dpreme");
  EXPECT_EQ(wire_name(spec(CookieId::kRememberMe), kSecure), "dpreme");
  EXPECT_EQ(wire_name(spec(CookieId::kRememberMe), kHost), "__Host-dpreme");
  EXPECT_EQ(wire_name(spec(CookieId::kRememberMe), kPrefixNotSecure), "dpreme");
}

struct DeleteRow {
  CookieId id;
  const char* plain;
  const char* host;
};

const DeleteRow kDeleteRows[] = {
    {CookieId::kPortalSession, "dpsid-portal=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
     "__Host-dpsid-portal=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure"},
    {CookieId::kAgentSession, "dpsid-agent=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
     "__Host-dpsid-agent=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure"},
    {CookieId::kAdminSession, "dpsid-admin=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
     "__Host-dpsid-admin=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure"},
    {CookieId::kRememberMe, "dpreme=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
     "__Host-dpreme=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure"},
    {CookieId::kLastLang, "dp_last_lang=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
     "__Host-dp_last_lang=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure"},
    {CookieId::kCsrf, "_dp_csrf_token=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
     "__Host-_dp_csrf_token=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure"},
    {CookieId::kVisitor, "dp_v=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
     "__Host-dp_v=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure"},
    {CookieId::kLoaderAssetsUrl, "dpdefaultloader_assets_url=; Path=/; SameSite=Lax; Max-Age=0",
     "dpdefaultloader_assets_url=; Path=/; SameSite=Lax; Max-Age=0; Secure"},
    {CookieId::kLoaderTime, "dpdefaultloader_time=; Path=/; SameSite=Lax; Max-Age=0",
     "dpdefaultloader_time=; Path=/; SameSite=Lax; Max-Age=0; Secure"},
    {CookieId::kConsent, "dp_consent=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
     "__Host-dp_consent=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure"},
};

TEST(SetCookieTest, EveryDeletion) {
  for (const DeleteRow& r : kDeleteRows) {
    const CookieSpec& s = spec(r.id);
    EXPECT_EQ(format_delete_cookie(s, kPlain), r.plain);
    EXPECT_EQ(format_delete_cookie(s, kPrefixNotSecure), r.plain);
    EXPECT_EQ(format_delete_cookie(s, kHost), r.host);
  }
  EXPECT_EQ(format_delete_cookie(spec(CookieId::kAdminSession), kSecure),
            "dpsid-admin=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure");
}

TEST(SetCookieTest, ValidCookieValue) {
  EXPECT_TRUE(valid_cookie_value(""));
  EXPECT_TRUE(valid_cookie_value("abc-_.~!#$%&'()*+/:<=>?@[]^`{|}"));
  EXPECT_TRUE(valid_cookie_value(std::string(4096, 'a')));
  EXPECT_FALSE(valid_cookie_value(std::string(4097, 'a')));
  for (const std::string& bad : std::vector<std::string>{" ", "a b", "\"x\"", "a,b", "a;b", "a\\b", "\t", "\x7f",
                                                         "\x80", std::string(1, '\0')}) {
    EXPECT_FALSE(valid_cookie_value(bad)) << bad;
  }
  EXPECT_FALSE(valid_cookie_value("abc\r\nSet-Cookie: x=y"));
}

}  // namespace
}  // namespace deskd::cookies
