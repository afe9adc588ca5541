#!/usr/bin/env bash
# Runs every test on a fresh machine: installs Debian packages, then
#   1. Release build: unit tests + integration tests (CTest, with a throwaway
#      PostgreSQL for the PostgreSQL backend's conformance suite), browser tests
#      (tests/browser), every group of the black-box conformance cases;
#      plus the read path's instruction budgets (callgrind);
#   2. every libFuzzer target for a short run (scripts/fuzz.sh 20);
#   3. the same unit + integration tests under AddressSanitizer + UBSan.
# Exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scripts/deps.sh
jobs=$(nproc)
# Lets ccache (when installed) reuse objects across clones in different folders.
export CCACHE_BASEDIR="$root"

echo "== Release build and tests"
# DESKD_BENCH builds (does not run) the micro-benchmarks too, so they cannot rot unnoticed.
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DDESKD_BENCH=ON >/dev/null
ninja -C build -j"$jobs"
# A throwaway PostgreSQL 15 and Redis 7 on loopback for the storage conformance
# suite, the PostgreSQL integration test, the Redis bus tests and the multi-node
# suite behind nginx (they skip without DESKD_TEST_POSTGRES_URL / _REDIS_URL).
scripts/with_postgres.sh scripts/with_redis.sh ctest --test-dir build --output-on-failure -j"$jobs"

echo "== Instruction budgets of the read path (callgrind counts, deterministic; bench/budgets.txt)"
bench/check_budgets.sh

echo "== Browser tests (Messenger in Debian's chromium via playwright-core)"
(cd tests/browser && npm ci --no-audit --no-fund && DESKD_BIN="$root/build/src/deskd" node --test)

conformance="$root/../shared/conformance/contract.py"
if [ -f "$conformance" ]; then
  echo "== Conformance cases (every group: foundation, accounts, Help Center, Messenger)"
  DESKD_BIN="$root/build/src/deskd" python3 "$conformance"
else
  echo "== Conformance cases skipped: $conformance not found"
fi

echo "== Fuzzing: every parser of outside input for 20 s under ASan + UBSan (docs/fuzzing.md)"
scripts/fuzz.sh 20

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build and tests"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDESKD_SANITIZE=ON >/dev/null
ninja -C build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  scripts/with_postgres.sh scripts/with_redis.sh ctest --test-dir build-asan --output-on-failure -j"$jobs"
echo "== all tests passed"
