// Two-factor sign-in (SPEC §12): the CPU of one TOTP verification that finds no
// match, so every step of the accepted window is computed (the worst case).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "core/crypto.h"
#include "security/totp.h"

namespace deskd::security {
namespace {

void BM_TotpVerifyNoMatch(benchmark::State& state) {
  crypto_init();
  const std::string key = "12345678901234567890";  // RFC 6238's test key
  const int64_t now_ms = 1'700'000'015'000;
  const std::string code = totp_code(key, totp_step(now_ms) + 5);  // outside the window
  for (auto _ : state) benchmark::DoNotOptimize(totp_match(key, code, now_ms));
}
BENCHMARK(BM_TotpVerifyNoMatch);

}  // namespace
}  // namespace deskd::security
