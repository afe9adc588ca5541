#!/usr/bin/env bash
# Runs every libFuzzer target (fuzz/, docs/fuzzing.md) for SECONDS_PER_TARGET
# (default 60) under AddressSanitizer + UndefinedBehaviorSanitizer, each on a
# fresh copy of its seed corpus (fuzz/corpus/<target>/; the copy is discarded).
# Exits non-zero when any target crashes, leaks, times out or runs out of
# memory, and prints the reproducer to run again.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#   FUZZ_JOBS=2 scripts/fuzz.sh 20      # two targets at a time
#
# Installs clang and libFuzzer if missing. Builds in build-fuzz/ (never more
# than FUZZ_BUILD_JOBS, default 2, compilers at once).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${1:-60}
shift || true
jobs=${FUZZ_JOBS:-1}
build_jobs=${FUZZ_BUILD_JOBS:-2}
export CCACHE_BASEDIR="$root"

if ! command -v clang++ >/dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  echo "fuzz: installing clang and libFuzzer"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends clang libclang-rt-14-dev >/dev/null
fi

# Largest input per target: what the server would accept there, kept small
# enough that libFuzzer spends its time on structure rather than length.
declare -A max_len=(
  [http_head]=20480        # 16 KiB head limit (431 above it) + a small body
  [cookie_header]=9000     # two values over the 4 KiB cookie limit
  [form]=4096
  [multipart]=8192        # structure, not size: limits are fuzzed small
  [markdown]=8192
  [messenger_wire]=16384   # messenger::kMaxJsonBytes
  [kb_search]=1024         # /search takes 200 characters
  [accept_language]=1024
  [tokens]=1024
  [two_factor_code]=512
  [config]=4096
  [host_header]=1024
  [mime]=65536            # whole messages: nested parts, encodings, long headers
)
targets=("$@")
if ((${#targets[@]} == 0)); then
  mapfile -t targets < <(printf '%s\n' "${!max_len[@]}" | sort)
fi

echo "== fuzz: building ${#targets[@]} targets (clang, ASan + UBSan, build-fuzz/)"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DDESKD_FUZZ=ON -DDESKD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" >/dev/null
ninja -C build-fuzz -j"$build_jobs" $(printf 'fuzz_%s ' "${targets[@]}") | grep -v '^\[' || true
for t in "${targets[@]}"; do [ -x "build-fuzz/fuzz/fuzz_$t" ] || { echo "fuzz: build of fuzz_$t failed" >&2; exit 1; }; done

work="$root/build-fuzz/run"
rm -rf "$work"
mkdir -p "$work"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:symbolize=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

run_target() {
  local t=$1 dir="$work/$1"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  cp fuzz/corpus/"$t"/* "$dir/corpus/" 2>/dev/null || true
  local rc=0
  "build-fuzz/fuzz/fuzz_$t" "$dir/corpus" -max_total_time="$seconds" -max_len="${max_len[$t]:-4096}" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$dir/artifacts/" \
    >"$dir/log" 2>&1 || rc=$?
  echo "$rc" >"$dir/rc"
}

echo "== fuzz: ${seconds}s per target, $jobs at a time"
start=$SECONDS
for t in "${targets[@]}"; do
  while (($(jobs -rp | wc -l) >= jobs)); do wait -n || true; done
  run_target "$t" &
done
wait

failed=0
printf '%-16s %12s %10s %8s %8s\n' target execs exec/s cov corpus
for t in "${targets[@]}"; do
  dir="$work/$t"
  rc=$(cat "$dir/rc" 2>/dev/null || echo 1)
  # A target that crashed on its seeds has no cov/corp lines: report "-", never stop here.
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/log" | tail -1)
  cov=$( (grep -oE 'cov: [0-9]+' "$dir/log" || true) | tail -1 | cut -d' ' -f2)
  corp=$( (grep -oE 'corp: [0-9]+' "$dir/log" || true) | tail -1 | cut -d' ' -f2)
  printf '%-16s %12s %10s %8s %8s\n' "$t" "${execs:--}" "${speed:--}" "${cov:--}" "${corp:--}"
  if [ "$rc" != 0 ]; then
    failed=1
    echo "fuzz: fuzz_$t FAILED (exit $rc); log: $dir/log" >&2
    grep -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|invariant failed|SUMMARY' "$dir/log" | head -5 >&2 || true
    mkdir -p build-fuzz/artifacts  # kept across runs (build-fuzz/run is not)
    for a in "$dir"/artifacts/*; do
      [ -e "$a" ] || continue
      cp "$a" build-fuzz/artifacts/
      echo "fuzz: reproducer: $root/build-fuzz/artifacts/$(basename "$a")" >&2
      echo "fuzz:   run again: build-fuzz/fuzz/fuzz_$t build-fuzz/artifacts/$(basename "$a")" >&2
    done
  fi
done
echo "== fuzz: $((SECONDS - start))s fuzzing"
exit "$failed"
