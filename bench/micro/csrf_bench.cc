// CSRF (SPEC §1.5): masking the secret into a form, verifying a posted token,
// and checking the signed cookie, with the production CSPRNG.
#include <benchmark/benchmark.h>

#include <string>

#include "core/crypto.h"
#include "core/random.h"
#include "security/csrf.h"

namespace deskd::security {
namespace {

std::string initialised_key() {
  crypto_init();
  return std::string(kCsrfKeyBytes, 'k');
}

struct CsrfFixture {
  CsrfFixture() : csrf(initialised_key(), random) {
    Csrf::Issued issued = csrf.issue("binding");
    cookie = issued.cookie_value;
    secret = issued.secret;
    token = csrf.mask(secret);
  }
  SodiumRandom random;
  Csrf csrf;
  std::string cookie;
  std::string secret;
  std::string token;
};

CsrfFixture& fixture() {
  static CsrfFixture f;
  return f;
}

void BM_CsrfMask(benchmark::State& state) {
  auto& f = fixture();
  for (auto _ : state) benchmark::DoNotOptimize(f.csrf.mask(f.secret));
}
BENCHMARK(BM_CsrfMask);

void BM_CsrfVerify(benchmark::State& state) {
  auto& f = fixture();
  bool ok = true;
  for (auto _ : state) ok &= f.csrf.verify(f.secret, f.token);
  if (!ok) state.SkipWithError("a valid token did not verify");
}
BENCHMARK(BM_CsrfVerify);

void BM_CsrfCookieCheck(benchmark::State& state) {
  auto& f = fixture();
  for (auto _ : state) benchmark::DoNotOptimize(f.csrf.secret_from_cookie(f.cookie, "binding"));
}
BENCHMARK(BM_CsrfCookieCheck);

// What an anonymous page without a _dp_csrf_token cookie pays: a fresh secret and its MAC.
void BM_CsrfIssue(benchmark::State& state) {
  auto& f = fixture();
  for (auto _ : state) benchmark::DoNotOptimize(f.csrf.issue("binding"));
}
BENCHMARK(BM_CsrfIssue);

}  // namespace
}  // namespace deskd::security
