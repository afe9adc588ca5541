#include "cookies/jar.h"

#include <utility>

#include "cookies/set_cookie.h"

namespace deskd::cookies {
namespace {

size_t index_of(CookieId id) {
  return static_cast<size_t>(id);
}

}  // namespace

CookieJar::CookieJar(JarPolicy policy) : policy_(std::move(policy)) {}

void CookieJar::set_policy(JarPolicy policy) {
  policy_ = std::move(policy);
}

bool CookieJar::set(CookieId id, std::string value, std::optional<int64_t> max_age_s) {
  const CookieSpec& s = spec(id);
  if (s.setter != Setter::kServer) return false;
  if (s.category == Category::kOptional && !policy_.optional_allowed) return false;
  if (!valid_cookie_value(value)) return false;
  entries_[index_of(id)] = Entry{false, std::move(value), max_age_s};
  return true;
}

void CookieJar::clear(CookieId id) {
  entries_[index_of(id)] = Entry{true, {}, std::nullopt};
}

std::optional<std::string> CookieJar::pending_value(CookieId id) const {
  const std::optional<Entry>& e = entries_[index_of(id)];
  if (!e || e->deleted) return std::nullopt;
  return e->value;
}

bool CookieJar::touches_session_id() const {
  return entries_[index_of(CookieId::kPortalSession)].has_value() ||
         entries_[index_of(CookieId::kAgentSession)].has_value() ||
         entries_[index_of(CookieId::kAdminSession)].has_value();
}

std::vector<std::string> CookieJar::render() const {
  const WriteOptions opts{policy_.secure, policy_.prefix};
  std::vector<std::string> out;
  for (const CookieSpec& s : registry()) {
    const std::optional<Entry>& e = entries_[index_of(s.id)];
    if (!e) continue;
    out.push_back(e->deleted ? format_delete_cookie(s, opts) : format_set_cookie(s, e->value, opts, e->max_age_s));
  }
  return out;
}

}  // namespace deskd::cookies
