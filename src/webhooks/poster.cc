#include "webhooks/poster.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <sys/socket.h>

#include <memory>

#include "webhooks/address_policy.h"
#include "webhooks/url_check.h"

namespace deskd::webhooks {
namespace {

struct Transfer {
  bool allow_private = false;
  bool refused_socket = false;
  size_t max_bytes = 0;
  size_t read_bytes = 0;
  bool capped = false;
};

size_t discard_body(char* /*data*/, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  t->read_bytes += n;
  if (t->read_bytes > t->max_bytes) {
    t->capped = true;
    return 0;  // stop reading: the answer's status is all that counts
  }
  return n;
}

curl_socket_t open_checked_socket(void* user, curlsocktype /*purpose*/, struct curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(user);
  if (!t->allow_private && is_refused_address(&address->addr)) {
    t->refused_socket = true;
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype, address->protocol);
}

struct AddrInfoDeleter {
  void operator()(addrinfo* a) const { freeaddrinfo(a); }
};

// Resolves `host`; the first address allowed, or an error text.
std::pair<std::string, std::string> resolve(const std::string& host, bool allow_private) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = getaddrinfo(host.c_str(), nullptr, &hints, &found); rc != 0 || found == nullptr) {
    return {"", "could not resolve " + host + ": " + gai_strerror(rc)};
  }
  std::unique_ptr<addrinfo, AddrInfoDeleter> list(found);
  std::string refused;
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* raw = a->ai_family == AF_INET ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr)
                                              : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr);
    if ((a->ai_family != AF_INET && a->ai_family != AF_INET6) || !inet_ntop(a->ai_family, raw, text, sizeof text))
      continue;
    if (allow_private || !is_refused_address(std::string_view(text))) return {text, ""};
    if (refused.empty()) refused = text;
  }
  return {"", "refused: " + host + " resolves to " + (refused.empty() ? "no usable address" : refused) +
                  ", which is not a public address (webhooks.allow_private is off)"};
}

}  // namespace

PostResult CurlPoster::post(const PostRequest& request) {
  PostResult result;
  const CheckedUrl url = check_url(request.url, options_.allow_private);
  if (!url.problem.empty()) {
    result.error = url.problem == "webhooks.error.private"
                       ? "refused: the URL names a loopback or private address (webhooks.allow_private is off)"
                       : "refused: not a valid http(s) URL without credentials";
    return result;
  }
  std::string pinned;
  if (!url.host_is_address) {
    auto [address, error] = resolve(url.host, options_.allow_private);
    if (!error.empty()) {
      result.error = error;
      return result;
    }
    pinned = url.host + ":" + std::to_string(url.port) + ":" +
             (address.find(':') != std::string::npos ? "[" + address + "]" : address);
  }

  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    result.error = "curl_easy_init failed";
    return result;
  }
  CURL* h = curl.get();
  Transfer transfer;
  transfer.allow_private = options_.allow_private;
  transfer.max_bytes = options_.max_response_bytes;
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> resolve_list(nullptr, curl_slist_free_all);
  if (!pinned.empty()) {
    resolve_list.reset(curl_slist_append(nullptr, pinned.c_str()));
    curl_easy_setopt(h, CURLOPT_RESOLVE, resolve_list.get());
  }
  curl_slist* headers = nullptr;
  for (const auto& [name, value] : request.headers) headers = curl_slist_append(headers, (name + ": " + value).c_str());
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(headers, curl_slist_free_all);
  char error_buffer[CURL_ERROR_SIZE] = {};

  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_PROXY, "");  // never a proxy from the environment
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout_ms));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout_ms));
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, header_list.get());
  curl_easy_setopt(h, CURLOPT_USERAGENT, "deskd-webhooks/1");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_checked_socket);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &transfer);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);

  const CURLcode rc = curl_easy_perform(h);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  result.http_status = status;
  if (transfer.refused_socket) {
    result.http_status = 0;
    result.error = "refused: the connection would go to a non-public address (webhooks.allow_private is off)";
    return result;
  }
  if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && transfer.capped && status > 0)) {
    result.error = error_buffer[0] != '\0' ? std::string(error_buffer) : std::string(curl_easy_strerror(rc));
    return result;
  }
  return result;
}

}  // namespace deskd::webhooks
