#pragma once
// The cookies one response sets or clears. Every server-side cookie write goes
// through a CookieJar, which enforces the registry: at most one Set-Cookie per
// name, optional cookies only when allowed, valid values only, never a
// script-owned cookie. One jar per response; not thread-safe.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cookies/registry.h"

namespace deskd::cookies {

inline constexpr std::string_view kSetCookieHeader = "Set-Cookie";

struct JarPolicy {
  bool secure = false;           // add Secure (and allow the prefix)
  std::string prefix;            // "" or "__Host-"; used only when secure
  bool optional_allowed = true;  // cookies.optional = on, or consent given
};

class CookieJar {
 public:
  explicit CookieJar(JarPolicy policy = {});

  // Takes effect for everything render() emits, including earlier set()/clear() calls.
  void set_policy(JarPolicy policy);
  const JarPolicy& policy() const { return policy_; }

  // Records `value` for `id`, replacing any earlier set/clear of it in this response.
  // max_age_s overrides the registry Max-Age of a multi-session cookie. Returns false
  // and records nothing when the cookie is optional and !optional_allowed, when the
  // value is not valid_cookie_value, or when the cookie is written by the loader script.
  bool set(CookieId id, std::string value, std::optional<int64_t> max_age_s = std::nullopt);
  // Records a deletion, replacing any earlier set/clear; always allowed.
  void clear(CookieId id);

  // The value set for `id` in this response; nullopt when untouched or cleared.
  std::optional<std::string> pending_value(CookieId id) const;
  // True when any dpsid-* cookie is set or cleared: the caller adds Cache-Control: no-store.
  bool touches_session_id() const;
  // Set-Cookie header values, in registry order.
  std::vector<std::string> render() const;
  // Calls add_header(kSetCookieHeader, value) for every rendered cookie: the
  // one place a response gets its Set-Cookie headers.
  template <class AddHeader>
  void write_to(AddHeader&& add_header) const {
    for (auto& value : render()) add_header(std::string(kSetCookieHeader), std::move(value));
  }

 private:
  struct Entry {
    bool deleted = false;
    std::string value;
    std::optional<int64_t> max_age_s;
  };

  JarPolicy policy_;
  std::array<std::optional<Entry>, kCookieCount> entries_;  // indexed by CookieId
};

}  // namespace deskd::cookies
