// Cookie header parse: a logged-in portal browser's realistic 6-cookie header.
#include <benchmark/benchmark.h>

#include <string_view>
#include <vector>

#include "cookies/request_cookies.h"

namespace deskd::cookies {
namespace {

constexpr std::string_view kHeader =
    "dp_v=Q2u8wYb1nA7rZr3kLxVt0pE6mHc9sJf4dGiUoWq2XyM; "
    "dpsid-portal=7fK2mP9qR4sT1uV8wX3yZ6aB0cD5eF2gH7iJ4kL9mN1; "
    "_dp_csrf_token=aGVsbG8td29ybGQtc2VjcmV0LTMyLWJ5dGVzLWxvbmc.Zm9vYmFyYmF6cXV4LW1hYy0zMi1ieXRlcy1sb25nLXg; "
    "dp_last_lang=en; "
    "dpreme=sel_3f9a1c2b7d.val_Vx8kP2mQ9rT4sU1wY6zA3bC5dE7fG0hJ; "
    "dp_cookie_consent=all";

void BM_CookieHeaderParse(benchmark::State& state) {
  const std::vector<std::string_view> headers{kHeader};
  for (auto _ : state) {
    RequestCookies c = RequestCookies::parse(headers);
    benchmark::DoNotOptimize(c.size());
  }
}
BENCHMARK(BM_CookieHeaderParse);

// Parse plus the reads a portal request makes (session, visitor, CSRF, language).
void BM_CookieHeaderParseAndPick(benchmark::State& state) {
  const std::vector<std::string_view> headers{kHeader};
  auto any = [](std::string_view) { return true; };
  for (auto _ : state) {
    RequestCookies c = RequestCookies::parse(headers);
    benchmark::DoNotOptimize(c.pick("dpsid-portal", any));
    benchmark::DoNotOptimize(c.pick("dp_v", any));
    benchmark::DoNotOptimize(c.pick("_dp_csrf_token", any));
    benchmark::DoNotOptimize(c.pick("dp_last_lang", any));
  }
}
BENCHMARK(BM_CookieHeaderParseAndPick);

}  // namespace
}  // namespace deskd::cookies
