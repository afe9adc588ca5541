// The Cookie request header (RFC 6265bis §5.6 as a server reads it): each input
// line is one Cookie header; every registry cookie is then looked up the ways
// the pipeline does (values, sent, pick with a validator).
#include <string>
#include <string_view>
#include <vector>

#include "cookies/registry.h"
#include "cookies/request_cookies.h"
#include "cookies/set_cookie.h"
#include "core/crypto.h"
#include "fuzz_check.h"

using namespace deskd;

namespace {

bool blank(char c) {
  return c == ' ' || c == '\t';
}

void look_up(const cookies::RequestCookies& jar, std::string_view name) {
  const auto values = jar.values(name);
  FUZZ_CHECK(jar.present(name) == !values.empty());
  if (!values.empty()) FUZZ_CHECK(jar.sent(name));
  for (std::string_view v : values) {
    FUZZ_CHECK(v.size() <= cookies::kMaxValueBytes);
    FUZZ_CHECK(v.find(';') == std::string_view::npos);
    if (!v.empty()) FUZZ_CHECK(!blank(v.front()) && !blank(v.back()));
  }
  const auto picked = jar.pick(name, [](std::string_view v) { return is_base64url(v); });
  if (picked) {
    // The first value, and only when every value passed.
    FUZZ_CHECK(!values.empty() && *picked == values.front());
    for (std::string_view v : values) FUZZ_CHECK(is_base64url(v));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> headers;
  for (size_t pos = 0; pos <= input.size();) {
    const size_t nl = input.find('\n', pos);
    headers.push_back(input.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  const auto jar = cookies::RequestCookies::parse(headers);
  FUZZ_CHECK(jar.size() <= cookies::kMaxRequestPairs);
  for (const auto& spec : cookies::registry()) {
    look_up(jar, spec.name);
    look_up(jar, "__Host-" + std::string(spec.name));
  }
  look_up(jar, "");
  return 0;
}
