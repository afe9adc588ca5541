#include "cookies/registry.h"

#include <array>
#include <cstdlib>

namespace deskd::cookies {
namespace {

constexpr std::string_view kUsersAgents = "cookie.applies.users_agents";
constexpr std::string_view kUsers = "cookie.applies.users";

constexpr std::array<CookieSpec, kCookieCount> kRegistry{{
    {CookieId::kAdminSession, "dpsid-admin", Category::kEssential, Lifetime::kSession, 0, true, SameSite::kStrict, "/",
     Setter::kServer, "cookie.purpose.session", kUsersAgents},
    {CookieId::kAgentSession, "dpsid-agent", Category::kEssential, Lifetime::kSession, 0, true, SameSite::kLax, "/",
     Setter::kServer, "cookie.purpose.session", kUsersAgents},
    {CookieId::kPortalSession, "dpsid-portal", Category::kEssential, Lifetime::kSession, 0, true, SameSite::kLax, "/",
     Setter::kServer, "cookie.purpose.session", kUsersAgents},
    {CookieId::kRememberMe, "dpreme", Category::kOptional, Lifetime::kMultiSession, kThirtyDaysS, true, SameSite::kLax,
     "/", Setter::kServer, "cookie.purpose.remember", kUsersAgents},
    {CookieId::kLastLang, "dp_last_lang", Category::kEssential, Lifetime::kSession, 0, true, SameSite::kLax, "/",
     Setter::kServer, "cookie.purpose.language", kUsers},
    {CookieId::kCsrf, "_dp_csrf_token", Category::kEssential, Lifetime::kSession, 0, true, SameSite::kLax, "/",
     Setter::kServer, "cookie.purpose.csrf", kUsers},
    {CookieId::kVisitor, "dp_v", Category::kOptional, Lifetime::kMultiSession, kVisitorMaxAgeS, true, SameSite::kLax,
     "/", Setter::kServer, "cookie.purpose.visitor", kUsersAgents},
    {CookieId::kLoaderAssetsUrl, "dpdefaultloader_assets_url", Category::kOptional, Lifetime::kMultiSession,
     kThirtyDaysS, false, SameSite::kLax, "/", Setter::kLoaderScript, "cookie.purpose.loader", kUsers},
    {CookieId::kLoaderTime, "dpdefaultloader_time", Category::kOptional, Lifetime::kMultiSession, kThirtyDaysS, false,
     SameSite::kLax, "/", Setter::kLoaderScript, "cookie.purpose.loader", kUsers},
    {CookieId::kConsent, "dp_consent", Category::kEssential, Lifetime::kMultiSession, kVisitorMaxAgeS, true,
     SameSite::kLax, "/", Setter::kServer, "cookie.purpose.consent", kUsers},
}};

constexpr bool covers_every_id() {
  for (int id = 0; id < static_cast<int>(kRegistry.size()); ++id) {
    int hits = 0;
    for (const CookieSpec& s : kRegistry) hits += static_cast<int>(s.id) == id ? 1 : 0;
    if (hits != 1) return false;
  }
  return true;
}
static_assert(covers_every_id(), "every CookieId needs exactly one registry entry");

}  // namespace

const CookieSpec& spec(CookieId id) {
  for (const CookieSpec& s : kRegistry) {
    if (s.id == id) return s;
  }
  std::abort();  // only reachable with a CookieId cast from an out-of-range integer
}

std::span<const CookieSpec> registry() {
  return kRegistry;
}

const CookieSpec* find_by_name(std::string_view name) {
  for (const CookieSpec& s : kRegistry) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

}  // namespace deskd::cookies
