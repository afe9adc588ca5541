#pragma once
// What a webhook URL must look like (checked when an admin saves it and again
// before every delivery): http:// or https://, a host, no user name or
// password, at most 2,000 bytes, no spaces or control characters. With
// allow_private false, a host that is an IP address must be a public one
// (webhooks/address_policy.h) and "localhost" is refused; names are checked
// after resolution, at delivery time. Pure; thread-safe.
#include <string>
#include <string_view>

namespace deskd::webhooks {

struct CheckedUrl {
  std::string problem;  // a catalog key (webhooks.error.*); "" when the URL is fine
  std::string scheme;   // "http" | "https"
  std::string host;     // without brackets for IPv6
  bool host_is_address = false;
  long port = 0;        // explicit or the scheme's default
};

inline constexpr size_t kMaxUrlBytes = 2000;

CheckedUrl check_url(std::string_view url, bool allow_private);

}  // namespace deskd::webhooks
