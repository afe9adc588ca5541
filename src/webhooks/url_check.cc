#include "webhooks/url_check.h"

#include <arpa/inet.h>
#include <curl/curl.h>

#include <cctype>

#include <memory>

#include "webhooks/address_policy.h"

namespace deskd::webhooks {
namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};

// The part, or "" when absent.
std::string part(CURLU* u, CURLUPart which, unsigned flags = 0) {
  char* text = nullptr;
  if (curl_url_get(u, which, &text, flags) != CURLUE_OK || text == nullptr) return {};
  std::string out(text);
  curl_free(text);
  return out;
}

bool is_localhost(std::string host) {
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!host.empty() && host.back() == '.') host.pop_back();
  return host == "localhost" || host.ends_with(".localhost");
}

// What lies between "//" and the next '/', '?' or '#'.
std::string_view authority(std::string_view url) {
  const size_t start = url.find("//");
  if (start == std::string_view::npos) return {};
  const std::string_view rest = url.substr(start + 2);
  return rest.substr(0, rest.find_first_of("/?#"));
}

bool is_ip_literal(const std::string& host) {
  in_addr v4{};
  in6_addr v6{};
  return inet_pton(AF_INET, host.c_str(), &v4) == 1 || inet_pton(AF_INET6, host.c_str(), &v6) == 1;
}

}  // namespace

CheckedUrl check_url(std::string_view url, bool allow_private) {
  CheckedUrl out;
  out.problem = "webhooks.error.url";
  if (url.empty() || url.size() > kMaxUrlBytes) return out;
  for (unsigned char c : url) {
    if (c <= 0x20 || c == 0x7f) return out;
  }
  std::unique_ptr<CURLU, UrlDeleter> u(curl_url());
  if (!u) return out;
  const std::string text(url);
  if (curl_url_set(u.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) return out;
  out.scheme = part(u.get(), CURLUPART_SCHEME);
  if (out.scheme != "http" && out.scheme != "https") return out;
  if (authority(text).empty()) return out;  // curl reads "https:///x" leniently
  if (!part(u.get(), CURLUPART_USER).empty() || !part(u.get(), CURLUPART_PASSWORD).empty() ||
      authority(text).find('@') != std::string_view::npos) {
    out.problem = "webhooks.error.credentials";
    return out;
  }
  std::string host = part(u.get(), CURLUPART_HOST);
  if (host.empty() || !part(u.get(), CURLUPART_ZONEID).empty()) return out;  // no IPv6 zone ids
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
    if (host.find('%') != std::string::npos) return out;  // no zone ids
  }
  const std::string port = part(u.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
  try {
    out.port = std::stol(port);
  } catch (...) {
    return out;
  }
  if (out.port <= 0 || out.port > 65535) return out;
  out.host = host;
  out.host_is_address = is_ip_literal(host);
  if (!allow_private && (is_localhost(host) || (out.host_is_address && is_refused_address(host)))) {
    out.problem = "webhooks.error.private";
    return out;
  }
  out.problem.clear();
  return out;
}

}  // namespace deskd::webhooks
