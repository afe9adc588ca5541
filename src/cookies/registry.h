#pragma once
// The cookie registry: the single declarative source of truth for every cookie
// deskd or its Messenger sets (SPEC §1). Set-Cookie strings, the cookie policy
// page and the cookie crawl test are all derived from it. The data is static and
// immutable, so every function here is thread-safe.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace deskd::cookies {

enum class CookieId {
  kPortalSession,
  kAgentSession,
  kAdminSession,
  kRememberMe,
  kLastLang,
  kCsrf,
  kVisitor,
  kLoaderAssetsUrl,
  kLoaderTime,
  kConsent,
};
inline constexpr size_t kCookieCount = 10;  // number of CookieId values

enum class Category { kEssential, kOptional };
enum class Lifetime { kSession, kMultiSession };
enum class SameSite { kLax, kStrict };
// kLoaderScript cookies are written by loader.js on the embedding site, never by the server.
enum class Setter { kServer, kLoaderScript };

struct CookieSpec {
  CookieId id;
  std::string_view name;
  Category category;
  Lifetime lifetime;
  int64_t max_age_s;  // default Max-Age for multi-session cookies, 0 for session cookies
  bool http_only;
  SameSite same_site;
  std::string_view path;
  Setter setter;
  std::string_view purpose_key;     // message-catalog key of the translatable purpose
  std::string_view applies_to_key;  // "cookie.applies.users_agents" | "cookie.applies.users"
};

inline constexpr int64_t kThirtyDaysS = 2592000;
inline constexpr int64_t kVisitorMaxAgeS = 34214400;  // 396 days, under the 400-day browser cap

// The spec of `id`; the reference lives for the whole program.
const CookieSpec& spec(CookieId id);
// Every cookie, in the seed document's order (dp_consent, absent from it, last).
std::span<const CookieSpec> registry();
// Exact, case-sensitive match on the unprefixed name; nullptr if unknown.
const CookieSpec* find_by_name(std::string_view name);

}  // namespace deskd::cookies
