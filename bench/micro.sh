#!/usr/bin/env bash
# deskd micro-benchmarks (Google Benchmark, bench/micro/): Cookie header parse,
# session lookup, CSRF mask/verify, template render, Markdown render.
#
#   bench/micro.sh
#
# Builds Release with -DDESKD_BENCH=ON, runs bench/micro/deskd_micro pinned to
# one core and appends a Markdown table to bench/results/<date>.md; the raw
# Google Benchmark JSON goes to bench/results/<date>.micro.json.
#
# Environment (all optional): BENCH_BUILD_DIR (default <repo>/build-release),
# BENCH_JOBS (compile jobs, 1), BENCH_SERVER_CPU (core, 0), BENCH_RESULTS
# (output directory, bench/results), BENCH_MICRO_MIN_TIME (seconds per
# benchmark, 0.5), BENCH_MICRO_REPETITIONS (3; the table shows medians).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BENCH_BUILD_DIR:-$ROOT/build-release}
JOBS=${BENCH_JOBS:-1}
CPU=${BENCH_SERVER_CPU:-0}
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results}
MIN_TIME=${BENCH_MICRO_MIN_TIME:-0.5}
REPS=${BENCH_MICRO_REPETITIONS:-3}

log() { printf '[micro] %s\n' "$*" >&2; }

log "building deskd_micro (Release, DESKD_BENCH=ON) in $BUILD"
tests=()
[[ -f $BUILD/CMakeCache.txt ]] || tests=(-DDESKD_TESTS=OFF)  # an existing (test) build keeps its tests
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release "${tests[@]}" -DDESKD_BENCH=ON >/dev/null
ninja -C "$BUILD" -j"$JOBS" deskd_micro >/dev/null

mkdir -p "$RESULTS"
STEM=$RESULTS/$(date -u +%F)
JSON=$STEM.micro.json
log "running (core $CPU, ${MIN_TIME}s x $REPS per benchmark)"
DESKD_WEB_DIR=$ROOT/web taskset -c "$CPU" "$BUILD/bench/micro/deskd_micro" \
  --benchmark_min_time="$MIN_TIME" --benchmark_repetitions="$REPS" \
  --benchmark_report_aggregates_only=true --benchmark_format=json >"$JSON"

python3 - "$JSON" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" >>"$STEM.md" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
ctx = doc["context"]
rows = {}
for b in doc["benchmarks"]:
    if b.get("error_occurred"):
        rows[b["run_name"]] = {"error": b.get("error_message", "error")}
        continue
    if b.get("run_type") == "aggregate":
        rows.setdefault(b["run_name"], {})[b["aggregate_name"]] = b
def ns(b, key):
    scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
    return b[key] * scale
def fmt(v):
    return f"{v / 1000:,.2f} µs" if v >= 1000 else f"{v:,.0f} ns"
print(f"\n## Micro-benchmarks (bench/micro.sh, Google Benchmark)\n")
print(f"Commit {sys.argv[2]}, {ctx.get('date', '')}; load average "
      f"{' '.join(f'{x:.2f}' for x in ctx.get('load_avg', []))}; one core; median of "
      f"{next((r['median']['repetitions'] for r in rows.values() if 'median' in r), '?')} repetitions. "
      "CPU time is the comparable column on a shared machine.\n")
print("| benchmark | CPU time | wall time | CPU spread (stddev) | counters |")
print("|---|--:|--:|--:|---|")
for name, r in rows.items():
    if "error" in r:
        print(f"| {name} | – | – | – | ERROR: {r['error']} |")
        continue
    m = r["median"]
    extra = ", ".join(f"{k}={v:,.0f}" for k, v in m.items()
                      if k not in {"name", "family_index", "per_family_instance_index", "run_name", "run_type",
                                   "repetitions", "threads", "aggregate_name", "aggregate_unit", "iterations",
                                   "real_time", "cpu_time", "time_unit", "repetition_index"})
    sd = r.get("stddev")
    spread = fmt(ns(sd, "cpu_time")) if sd else "–"
    print(f"| {name} | {fmt(ns(m, 'cpu_time'))} | {fmt(ns(m, 'real_time'))} | {spread} | {extra} |")
PY
log "appended to $STEM.md; raw JSON in $JSON"
