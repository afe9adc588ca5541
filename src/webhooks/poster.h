#pragma once
// One HTTP POST of a webhook delivery, and the libcurl implementation that
// guards it against SSRF (SPEC §12, docs/webhooks.md):
//  - the URL is checked again (webhooks/url_check.h);
//  - the host is resolved first and, unless allow_private, only a public
//    address (webhooks/address_policy.h) is used; curl is pinned to it
//    (CURLOPT_RESOLVE), and every socket curl opens is checked again
//    (CURLOPT_OPENSOCKETFUNCTION), so a DNS answer that changes between the
//    check and the connect cannot reach a refused address;
//  - no redirect is followed (a 3xx is a failed attempt), no proxy from the
//    environment is used, only http and https;
//  - connect and total timeouts; at most max_response_bytes of the answer
//    are read.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace deskd::webhooks {

struct PostRequest {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct PostResult {
  long http_status = 0;  // 0 = no HTTP answer
  std::string error;     // "" when an HTTP answer arrived; else why not (readable, for the delivery log)
  bool delivered() const { return error.empty() && http_status >= 200 && http_status <= 299; }
};

// Thread-safe implementations only: the dispatcher may call from any thread.
class HttpPoster {
 public:
  virtual ~HttpPoster() = default;
  virtual PostResult post(const PostRequest& request) = 0;
};

struct PosterOptions {
  bool allow_private = false;  // webhooks.allow_private
  int64_t timeout_ms = 10'000;
  int64_t connect_timeout_ms = 5'000;
  size_t max_response_bytes = 64 * 1024;
};

// Blocking; call from a worker thread. Stateless between calls (one curl
// handle per post). curl_global_init must have run before the first call.
class CurlPoster final : public HttpPoster {
 public:
  explicit CurlPoster(PosterOptions options) : options_(options) {}
  PostResult post(const PostRequest& request) override;

 private:
  const PosterOptions options_;
};

}  // namespace deskd::webhooks
