#include "cookies/registry.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace deskd::cookies {
namespace {

TEST(RegistryTest, HasExactlyTheTenNamesInSeedOrder) {
  std::vector<std::string> names;
  for (const CookieSpec& s : registry()) names.emplace_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"dpsid-admin", "dpsid-agent", "dpsid-portal", "dpreme", "dp_last_lang",
                                             "_dp_csrf_token", "dp_v", "dpdefaultloader_assets_url",
                                             "dpdefaultloader_time", "dp_consent"}));
}

TEST(RegistryTest, SpecReturnsTheEntryForEveryId) {
  std::set<int> ids;
  for (const CookieSpec& s : registry()) {
    EXPECT_EQ(&spec(s.id), &s);
    ids.insert(static_cast<int>(s.id));
  }
  EXPECT_EQ(ids.size(), kCookieCount);
  EXPECT_EQ(spec(CookieId::kPortalSession).name, "dpsid-portal");
  EXPECT_EQ(spec(CookieId::kAgentSession).name, "dpsid-agent");
  EXPECT_EQ(spec(CookieId::kAdminSession).name, "dpsid-admin");
  EXPECT_EQ(spec(CookieId::kRememberMe).name, "dpreme");
  EXPECT_EQ(spec(CookieId::kLastLang).name, "dp_last_lang");
  EXPECT_EQ(spec(CookieId::kCsrf).name, "_dp_csrf_token");
  EXPECT_EQ(spec(CookieId::kVisitor).name, "dp_v");
  EXPECT_EQ(spec(CookieId::kLoaderAssetsUrl).name, "dpdefaultloader_assets_url");
  EXPECT_EQ(spec(CookieId::kLoaderTime).name, "dpdefaultloader_time");
  EXPECT_EQ(spec(CookieId::kConsent).name, "dp_consent");
}

TEST(RegistryTest, FindByNameIsExactAndCaseSensitive) {
  ASSERT_NE(find_by_name("dpreme"), nullptr);
  EXPECT_EQ(find_by_name("dpreme")->id, CookieId::kRememberMe);
  EXPECT_EQ(find_by_name("DPREME"), nullptr);
  EXPECT_EQ(find_by_name("dpreme "), nullptr);
  EXPECT_EQ(find_by_name("__Host-dpreme"), nullptr);
  EXPECT_EQ(find_by_name(""), nullptr);
  for (const CookieSpec& s : registry()) EXPECT_EQ(find_by_name(s.name), &s);
}

TEST(RegistryTest, SessionCookies) {
  for (CookieId id : {CookieId::kPortalSession, CookieId::kAgentSession, CookieId::kAdminSession}) {
    const CookieSpec& s = spec(id);
    EXPECT_EQ(s.category, Category::kEssential) << s.name;
    EXPECT_EQ(s.lifetime, Lifetime::kSession) << s.name;
    EXPECT_EQ(s.max_age_s, 0) << s.name;
    EXPECT_TRUE(s.http_only) << s.name;
    EXPECT_EQ(s.path, "/") << s.name;
    EXPECT_EQ(s.setter, Setter::kServer) << s.name;
    EXPECT_EQ(s.purpose_key, "cookie.purpose.session") << s.name;
    EXPECT_EQ(s.applies_to_key, "cookie.applies.users_agents") << s.name;
  }
  EXPECT_EQ(spec(CookieId::kPortalSession).same_site, SameSite::kLax);
  EXPECT_EQ(spec(CookieId::kAgentSession).same_site, SameSite::kLax);
  EXPECT_EQ(spec(CookieId::kAdminSession).same_site, SameSite::kStrict);
}

struct Expected {
  CookieId id;
  Category category;
  Lifetime lifetime;
  int64_t max_age_s;
  bool http_only;
  Setter setter;
  const char* purpose;
  const char* applies;
};

TEST(RegistryTest, OtherCookies) {
  const Expected expected[] = {
      {CookieId::kRememberMe, Category::kOptional, Lifetime::kMultiSession, 2592000, true, Setter::kServer,
       "cookie.purpose.remember", "cookie.applies.users_agents"},
      {CookieId::kLastLang, Category::kEssential, Lifetime::kSession, 0, true, Setter::kServer,
       "cookie.purpose.language", "cookie.applies.users"},
      {CookieId::kCsrf, Category::kEssential, Lifetime::kSession, 0, true, Setter::kServer, "cookie.purpose.csrf",
       "cookie.applies.users"},
      {CookieId::kVisitor, Category::kOptional, Lifetime::kMultiSession, 34214400, true, Setter::kServer,
       "cookie.purpose.visitor", "cookie.applies.users_agents"},
      {CookieId::kLoaderAssetsUrl, Category::kOptional, Lifetime::kMultiSession, 2592000, false, Setter::kLoaderScript,
       "cookie.purpose.loader", "cookie.applies.users"},
      {CookieId::kLoaderTime, Category::kOptional, Lifetime::kMultiSession, 2592000, false, Setter::kLoaderScript,
       "cookie.purpose.loader", "cookie.applies.users"},
      {CookieId::kConsent, Category::kEssential, Lifetime::kMultiSession, 34214400, true, Setter::kServer,
       "cookie.purpose.consent", "cookie.applies.users"},
  };
  for (const Expected& e : expected) {
    const CookieSpec& s = spec(e.id);
    EXPECT_EQ(s.category, e.category) << s.name;
    EXPECT_EQ(s.lifetime, e.lifetime) << s.name;
    EXPECT_EQ(s.max_age_s, e.max_age_s) << s.name;
    EXPECT_EQ(s.http_only, e.http_only) << s.name;
    EXPECT_EQ(s.same_site, SameSite::kLax) << s.name;
    EXPECT_EQ(s.path, "/") << s.name;
    EXPECT_EQ(s.setter, e.setter) << s.name;
    EXPECT_EQ(s.purpose_key, e.purpose) << s.name;
    EXPECT_EQ(s.applies_to_key, e.applies) << s.name;
  }
}

}  // namespace
}  // namespace deskd::cookies
