#include "cookies/jar.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace deskd::cookies {
namespace {

using Lines = std::vector<std::string>;

TEST(CookieJarTest, EmptyJarRendersNothing) {
  CookieJar jar;
  EXPECT_TRUE(jar.render().empty());
  EXPECT_FALSE(jar.touches_session_id());
}

TEST(CookieJarTest, LastCallWinsOneHeaderPerName) {
  CookieJar jar;
  EXPECT_TRUE(jar.set(CookieId::kLastLang, "da"));
  EXPECT_TRUE(jar.set(CookieId::kLastLang, "de"));
  EXPECT_EQ(jar.render(), (Lines{"dp_last_lang=de; Path=/; HttpOnly; SameSite=Lax"}));
  EXPECT_EQ(jar.pending_value(CookieId::kLastLang), "de");

  jar.clear(CookieId::kLastLang);
  EXPECT_EQ(jar.render(), (Lines{"dp_last_lang=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"}));
  EXPECT_EQ(jar.pending_value(CookieId::kLastLang), std::nullopt);

  EXPECT_TRUE(jar.set(CookieId::kLastLang, "en"));
  EXPECT_EQ(jar.render(), (Lines{"dp_last_lang=en; Path=/; HttpOnly; SameSite=Lax"}));
}

TEST(CookieJarTest, RendersInRegistryOrderWithPolicy) {
  CookieJar jar(JarPolicy{true, "__Host-", true});
  EXPECT_TRUE(jar.set(CookieId::kVisitor, "v1"));
  EXPECT_TRUE(jar.set(CookieId::kRememberMe, "sel.val", 7 * 86400));
  EXPECT_TRUE(jar.set(CookieId::kPortalSession, "sid"));
  jar.clear(CookieId::kCsrf);
  EXPECT_EQ(jar.render(), (Lines{
                              "__Host-dpsid-portal=sid; Path=/; HttpOnly; SameSite=Lax; Secure",
                              "__Host-dpreme=sel.val; Path=/; HttpOnly; SameSite=Lax; Max-Age=604800; Secure",
                              "__Host-_dp_csrf_token=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure",
                              "__Host-dp_v=v1; Path=/; HttpOnly; SameSite=Lax; Max-Age=34214400; Secure",
                          }));

  jar.set_policy(JarPolicy{false, "__Host-", true});
  EXPECT_EQ(jar.policy().secure, false);
  EXPECT_EQ(jar.render()[0], "dpsid-portal=sid; Path=/; HttpOnly; SameSite=Lax");
}

TEST(CookieJarTest, OptionalRefusedWhenNotAllowed) {
  CookieJar jar(JarPolicy{false, "", false});
  EXPECT_FALSE(jar.set(CookieId::kRememberMe, "sel.val"));
  EXPECT_FALSE(jar.set(CookieId::kVisitor, "v1"));
  EXPECT_EQ(jar.pending_value(CookieId::kVisitor), std::nullopt);
  EXPECT_TRUE(jar.set(CookieId::kConsent, "essential"));
  EXPECT_TRUE(jar.set(CookieId::kCsrf, "tok"));
  EXPECT_EQ(jar.render(), (Lines{
                              "_dp_csrf_token=tok; Path=/; HttpOnly; SameSite=Lax",
                              "dp_consent=essential; Path=/; HttpOnly; SameSite=Lax; Max-Age=34214400",
                          }));
}

TEST(CookieJarTest, RefusalKeepsEarlierValue) {
  CookieJar jar;
  EXPECT_TRUE(jar.set(CookieId::kVisitor, "v1"));
  EXPECT_FALSE(jar.set(CookieId::kVisitor, "bad value"));
  EXPECT_EQ(jar.pending_value(CookieId::kVisitor), "v1");
}

TEST(CookieJarTest, ClearOfOptionalAllowedWhenOptionalRefused) {
  CookieJar jar(JarPolicy{false, "", false});
  jar.clear(CookieId::kVisitor);
  jar.clear(CookieId::kRememberMe);
  EXPECT_EQ(jar.render(), (Lines{
                              "dpreme=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
                              "dp_v=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
                          }));
}

TEST(CookieJarTest, RejectsInvalidValues) {
  CookieJar jar;
  EXPECT_FALSE(jar.set(CookieId::kLastLang, "da; Path=/admin"));
  EXPECT_FALSE(jar.set(CookieId::kLastLang, "da\r\nSet-Cookie: x=y"));
  EXPECT_FALSE(jar.set(CookieId::kLastLang, std::string(4097, 'a')));
  EXPECT_TRUE(jar.render().empty());
}

TEST(CookieJarTest, NeverWritesLoaderScriptCookies) {
  CookieJar jar;
  EXPECT_FALSE(jar.set(CookieId::kLoaderAssetsUrl, "https://h/a.js"));
  EXPECT_FALSE(jar.set(CookieId::kLoaderTime, "1700000000"));
  EXPECT_TRUE(jar.render().empty());
}

TEST(CookieJarTest, TouchesSessionId) {
  for (CookieId id : {CookieId::kPortalSession, CookieId::kAgentSession, CookieId::kAdminSession}) {
    CookieJar set_jar;
    EXPECT_TRUE(set_jar.set(id, "sid"));
    EXPECT_TRUE(set_jar.touches_session_id());
    CookieJar clear_jar;
    clear_jar.clear(id);
    EXPECT_TRUE(clear_jar.touches_session_id());
  }
  CookieJar other;
  EXPECT_TRUE(other.set(CookieId::kCsrf, "tok"));
  EXPECT_TRUE(other.set(CookieId::kRememberMe, "s.v"));
  other.clear(CookieId::kVisitor);
  EXPECT_FALSE(other.touches_session_id());
}

TEST(CookieJarTest, AdminSessionIsStrict) {
  CookieJar jar(JarPolicy{true, "", true});
  EXPECT_TRUE(jar.set(CookieId::kAdminSession, "sid"));
  EXPECT_EQ(jar.render(), (Lines{"dpsid-admin=sid; Path=/; HttpOnly; SameSite=Strict; Secure"}));
}

}  // namespace
}  // namespace deskd::cookies
