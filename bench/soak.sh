#!/usr/bin/env bash
# deskd soak: one deskd under mixed traffic for a long time (not in CI).
#
#   bench/soak.sh                    # 30 minutes
#   SOAK_DURATION=120 bench/soak.sh  # a short run while developing
#
# Traffic, all at once for SOAK_DURATION seconds (docs/performance.md, "Soak"):
#   pages    wrk on the Help Center home, an article and a search, in windows
#            of SOAK_SAMPLE_S seconds (each window's p99 is one sample)
#   writes   bench/soak_client.py: votes, comments, logins (argon2id) and
#            logouts, short Messenger chats over /messenger/ws,
#            SOAK_SOCKETS visitor WebSockets held open, and an agent
#            moderating the comments (approves 1 in 10)
#   chats    bench/ws_load: SOAK_GUESTS guests on /messenger/ws, SOAK_AGENTS
#            agents on /agent/ws answering them
# Every SOAK_SAMPLE_S seconds: deskd's RSS, open descriptors, threads and
# open connections. After the load a quiet pause measures descriptors and RSS
# again (a leak shows here: the load is gone, its descriptors must be too),
# then a last burst of the same traffic ends with SIGTERM: deskd must drain,
# close the held WebSockets with 1001 and exit 0 within
# server.shutdown_timeout_s. (ws_load holds its guests one window longer than
# the load, so every sample sees the same traffic.)
#
# Writes bench/results/soak-<date>.md (+ samples .tsv). Exits non-zero when a
# check fails: descriptors after the load more than SOAK_FD_SLACK above
# before it, the RSS floor (least sample) of the last quarter of the samples
# more than SOAK_RSS_GROWTH_PCT percent above that of the second quarter (a
# password check in flight adds 64 MiB to a sample), SQLite's heap
# (its page caches fill as the database grows) above SOAK_SQLITE_BOUND_KB,
# unexpected answers, or an unclean stop. Each sample also has glibc's heap in
# use and kept free, from /metrics: where a growth went.
#
# Environment (all optional):
#   SOAK_DURATION        seconds of load (default 1800)
#   SOAK_SAMPLE_S        sampling / wrk window (default 10)
#   SOAK_PAGE_CONNS      wrk connections (default 8)
#   SOAK_WRITERS         soak_client.py worker threads (default 4)
#   SOAK_SOCKETS         visitor WebSockets held by soak_client.py (default 16)
#   SOAK_GUESTS / SOAK_AGENTS / SOAK_CHAT_INTERVAL   ws_load (default 200 / 2 / 5 s)
#   SOAK_FD_SLACK        allowed descriptor growth (default 16)
#   SOAK_RSS_GROWTH_PCT  allowed RSS growth over the second half (default 10)
#   SOAK_SQLITE_BOUND_KB the most SQLite's own heap may hold (default 20480)
#   SOAK_SHUTDOWN_TIMEOUT_S  server.shutdown_timeout_s of the run (default 10)
#   BENCH_DESKD          a deskd binary to use instead of building one
#   BENCH_WS_LOAD        a ws_load binary to use instead of building one
#   BENCH_BUILD_DIR      build directory (default <repo>/build-release)
#   BENCH_JOBS           parallel compile jobs (default 1)
#   BENCH_RESULTS        output directory (default bench/results)
#   BENCH_KEEP=1         keep the scratch directory (logs, raw output)
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
DURATION=${SOAK_DURATION:-1800}
SAMPLE=${SOAK_SAMPLE_S:-10}
PAGE_CONNS=${SOAK_PAGE_CONNS:-8}
WRITERS=${SOAK_WRITERS:-4}
SOCKETS=${SOAK_SOCKETS:-16}
GUESTS=${SOAK_GUESTS:-200}
AGENTS=${SOAK_AGENTS:-2}
CHAT_INTERVAL=${SOAK_CHAT_INTERVAL:-5}
FD_SLACK=${SOAK_FD_SLACK:-16}
RSS_GROWTH_PCT=${SOAK_RSS_GROWTH_PCT:-10}
# SQLite's page caches: 8 pooled connections x 2,000 KiB (PRAGMA cache_size's
# default), plus schemas and prepared statements.
SQLITE_BOUND_KB=${SOAK_SQLITE_BOUND_KB:-20480}
SHUTDOWN_TIMEOUT=${SOAK_SHUTDOWN_TIMEOUT_S:-10}
BUILD=${BENCH_BUILD_DIR:-$ROOT/build-release}
JOBS=${BENCH_JOBS:-1}
RESULTS=${BENCH_RESULTS:-$BENCH/results}
SHOP=http://shop.example
PASSWORD="soak pass phrase $(date +%s)"
PORTAL_EMAIL=soak.user@example.test
AGENT_EMAIL=soak.agent@example.test
BENCH_TAG=soak

WORK=$(mktemp -d "${TMPDIR:-/tmp}/deskd-soak.XXXXXX")
# shellcheck source=bench/lib.sh
. "$BENCH/lib.sh"
LOAD_PIDS=()
stop_load() {
  local pid
  for pid in "${LOAD_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${LOAD_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  LOAD_PIDS=()
}
trap 'stop_load; cleanup' EXIT
for tool in wrk curl python3; do command -v "$tool" >/dev/null || die "$tool not found (scripts/deps.sh)"; done

# --- build ---------------------------------------------------------------------
quiet() { "$@" >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; die "failed: $*"; }; }
WS_LOAD=${BENCH_WS_LOAD:-}
if [[ -z $WS_LOAD ]]; then
  log "building ws_load (Release) in $BUILD/bench"
  quiet cmake -S "$BENCH" -B "$BUILD/bench" -G Ninja -DCMAKE_BUILD_TYPE=Release
  quiet ninja -C "$BUILD/bench" -j"$JOBS" ws_load
  WS_LOAD=$BUILD/bench/ws_load
fi
DESKD=${BENCH_DESKD:-}
if [[ -z $DESKD ]]; then
  log "building deskd (Release) in $BUILD"
  tests=()
  [[ -f $BUILD/CMakeCache.txt ]] || tests=(-DDESKD_TESTS=OFF)  # an existing (test) build keeps its tests
  quiet cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release "${tests[@]}"
  quiet ninja -C "$BUILD" -j"$JOBS" deskd
  DESKD=$BUILD/src/deskd
fi

# --- deskd ---------------------------------------------------------------------
DATA=$WORK/data
mkdir -p "$DATA"
add_user "$DESKD" "$DATA" "$PORTAL_EMAIL" user
add_user "$DESKD" "$DATA" "$AGENT_EMAIL" agent
ulimit -n $(( (GUESTS + SOCKETS) * 2 + 1024 )) 2>/dev/null || ulimit -n "$(ulimit -Hn)"
# Every client runs on 127.0.0.1: lift the per-address caps for this run.
start_server deskd 30 env DESKD_LOG_LEVEL=warn DESKD_LIMITS_MAX_CONNECTIONS_PER_IP=1000000 \
  DESKD_LIMITS_VISITOR_IDS_PER_IP_PER_HOUR=0 DESKD_LIMITS_CHATS_PER_IP_PER_HOUR=0 DESKD_LIMITS_OPEN_CHATS_PER_IP=0 \
  DESKD_LIMITS_OPEN_CHATS_PER_VISITOR=0 DESKD_LIMITS_TICKETS_PER_IP_PER_HOUR=0 DESKD_LIMITS_COMMENTS_PER_IP_PER_HOUR=0 \
  DESKD_LIMITS_VOTES_PER_IP_PER_HOUR=0 DESKD_LIMITS_REGISTRATIONS_PER_IP_PER_HOUR=0 \
  DESKD_LIMITS_CHAT_MESSAGES_PER_VISITOR_PER_MINUTE=0 DESKD_MESSENGER_ALLOWED_ORIGINS="$SHOP" \
  DESKD_SERVER_SHUTDOWN_TIMEOUT_S="$SHUTDOWN_TIMEOUT" "$DESKD" serve --demo --listen 127.0.0.1:0 --data "$DATA"
URL=$SERVER_URL
PID=$SERVER_PID
ARTICLE=$(curl -sS "$URL/kb" | grep -o 'href="/kb/articles/[^"#?]*"' | head -1 | cut -d'"' -f2)
[[ -n $ARTICLE ]] || die "no article link on /kb (the demo content is missing)"
VISITOR=$(visitor_cookie "$URL")
PATHS=("/" "$ARTICLE" "/search?q=password")

fds() { find "/proc/$PID/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l; }
threads() { awk '$1 == "Threads:" { print $2 }' "/proc/$PID/status"; }
# from_metrics: "connections heap_kb heap_free_kb sqlite_kb" from one /metrics scrape
# (glibc's heap in use and kept free, SQLite's own heap; "-" when missing).
from_metrics() {
  curl -sS "$URL/metrics" | awk '
    $1 == "deskd_http_connections" { c = $2 }
    $1 == "deskd_heap_in_use_bytes" { h = int($2 / 1024) }
    $1 == "deskd_heap_free_bytes" { f = int($2 / 1024) }
    $1 == "deskd_sqlite_memory_bytes" { s = int($2 / 1024) }
    END { print (c == "" ? "-" : c), (h == "" ? "-" : h), (f == "" ? "-" : f), (s == "" ? "-" : s) }'
}
SAMPLES=$WORK/samples.tsv
printf 't_s\trss_kb\tfds\tthreads\tconnections\tp99_us\trequests\terrors\theap_kb\theap_free_kb\tsqlite_kb\n' >"$SAMPLES"

# page_window SECONDS WINDOW: one wrk window over page WINDOW mod the page count;
# prints "p99_us requests errors". (It runs in a subshell: the caller counts windows.)
page_window() {
  local window=$2
  local path=${PATHS[$((window % ${#PATHS[@]}))]} out=$WORK/wrk-$window.txt
  BENCH_COOKIE=$VISITOR wrk -t1 -c"$PAGE_CONNS" -d"${1}s" --latency -s "$BENCH/wrk/get.lua" "$URL$path" >"$out" 2>&1 || true
  python3 - "$out" <<'EOF'
import json, sys
line = next((l for l in open(sys.argv[1]) if l.startswith("BENCH_RESULT ")), None)
if line is None:
    print("0 0 1")
else:
    r = json.loads(line[len("BENCH_RESULT "):])
    e = r["connect_errors"] + r["read_errors"] + r["write_errors"] + r["timeouts"] + r["status_errors"]
    print(r["latency_us"]["p99"], r["requests"], e)
EOF
}

# start_writers SECONDS NAME: soak_client.py in the background.
start_writers() {
  python3 "$BENCH/soak_client.py" --url "$URL" --origin "$SHOP" --email "$PORTAL_EMAIL" --password "$PASSWORD" \
    --agent-email "$AGENT_EMAIL" --agent-password "$PASSWORD" \
    --seconds "$1" --threads "$WRITERS" --sockets "$SOCKETS" >"$WORK/$2.json" 2>"$WORK/$2.log" &
  LOAD_PIDS+=($!)
}

# --- the load ------------------------------------------------------------------
FD_BEFORE=$(fds)
RSS_BEFORE=$(rss_kb "$PID" VmRSS)
log "load for $DURATION s: wrk $PAGE_CONNS conns, $WRITERS writers + $SOCKETS held sockets, $GUESTS guests / $AGENTS agents"
"$WS_LOAD" --url "$URL" --agent-email "$AGENT_EMAIL" --agent-password "$PASSWORD" --guests "$GUESTS" \
  --agents "$AGENTS" --interval "$CHAT_INTERVAL" --duration "$(( DURATION + SAMPLE ))" --pid "$PID" --json "$WORK/ws_load.json" \
  >"$WORK/ws_load.log" 2>&1 &
LOAD_PIDS+=($!)
WS_PID=$!
start_writers "$DURATION" writers
t0=$(date +%s)
window=0
while (( $(date +%s) - t0 < DURATION )); do
  read -r p99 requests errors < <(page_window "$SAMPLE" "$window")
  window=$((window + 1))
  read -r connections heap_kb heap_free_kb sqlite_kb < <(from_metrics)
  printf '%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(( $(date +%s) - t0 ))" "$(rss_kb "$PID" VmRSS)" "$(fds)" \
    "$(threads)" "$connections" "$p99" "$requests" "$errors" "$heap_kb" "$heap_free_kb" "$sqlite_kb" >>"$SAMPLES"
  kill -0 "$PID" 2>/dev/null || die "deskd died under load (see $WORK/deskd.log; BENCH_KEEP=1 keeps it)"
done
log "load done; waiting for the clients"
wait "$WS_PID" || log "ws_load exited non-zero (see ws_load.log)"
stop_load
sleep 3  # idle keep-alive connections of the clients close
FD_AFTER=$(fds)
RSS_AFTER=$(rss_kb "$PID" VmRSS)

# --- stop under load -------------------------------------------------------------
log "a last burst, then SIGTERM"
start_writers 30 shutdown
BENCH_COOKIE=$VISITOR wrk -t1 -c"$PAGE_CONNS" -d30s -s "$BENCH/wrk/get.lua" "$URL$ARTICLE" >"$WORK/wrk-shutdown.txt" 2>&1 &
LOAD_PIDS+=($!)
sleep 5
stop_t0=$(date +%s.%N)
kill -TERM "$PID"
STOP_CODE=0
wait "$PID" || STOP_CODE=$?
STOP_S=$(python3 -c "import time; print('%.2f' % (time.time() - $stop_t0))")
SERVER_PIDS=()
stop_load

# --- report --------------------------------------------------------------------
mkdir -p "$RESULTS"
STAMP=$(date -u +%Y-%m-%dT%H%M%SZ)
REPORT=$RESULTS/soak-$STAMP.md
cp "$SAMPLES" "$RESULTS/soak-$STAMP.tsv"
set +e
python3 - "$SAMPLES" "$WORK/writers.json" "$WORK/shutdown.json" "$WORK/ws_load.json" >"$REPORT" <<EOF
import json, statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])][1:]
num = lambda i: [float(r[i]) for r in rows if len(r) > i and r[i] not in ("", "-")]
def load(p):
    try:
        return json.loads(open(p).read().strip().splitlines()[-1])
    except Exception as e:
        return {"error": str(e)}
writers, shutdown, ws = load(sys.argv[2]), load(sys.argv[3]), load(sys.argv[4])
rss, fd, p99 = num(1), num(2), num(5)
heap, heap_free, sqlite_kb = num(8), num(9), num(10)
def quarters(v):
    q = max(1, len(v) // 4)
    return [v[:q] or v, v[q:2 * q] or v, v[2 * q:3 * q] or v, v[-q:] or v]
def growth(v, of=statistics.median):
    """Percent from `of` the second quarter of v to `of` the last."""
    parts = quarters(v)
    early, late = of(parts[1]), of(parts[3])
    return 100.0 * (late - early) / early if v and early else 0.0
# The RSS a run keeps is its floor, the least sample of a quarter: a password
# check in flight holds 64 MiB while it runs, and on a busy machine half the
# samples of a quarter can catch one (the median then measures logins).
floors = " / ".join("%.1f" % (min(p) / 1024) for p in quarters(rss)) if rss else "-"
checks = [
    ("descriptors after the load <= before + $FD_SLACK", $FD_AFTER <= $FD_BEFORE + $FD_SLACK,
     "$FD_BEFORE before, $FD_AFTER after"),
    # Bounded memory; where it went: glibc's heap in use and kept free, SQLite's heap.
    ("RSS growth, floor of the last quarter vs the second <= $RSS_GROWTH_PCT %", growth(rss, min) <= $RSS_GROWTH_PCT,
     "%.1f %%; floors by quarter %s MiB (medians: glibc heap in use %+.1f %%, kept free %+.1f %%; SQLite heap %+.1f %%)" % (
         growth(rss, min), floors, growth(heap), growth(heap_free), growth(sqlite_kb))),
    ("SQLite's heap within its bound, $SQLITE_BOUND_KB kB", not sqlite_kb or max(sqlite_kb) <= $SQLITE_BOUND_KB,
     "%d kB at most" % max(sqlite_kb or [0])),
    ("no unexpected answers (writers)", not writers.get("unexpected") and "error" not in writers,
     json.dumps(writers.get("unexpected", writers.get("error")))),
    ("no page errors (wrk)", sum(num(7)) == 0, "%d" % sum(num(7))),
    ("SIGTERM under load: exit 0 within $SHUTDOWN_TIMEOUT s + 2", $STOP_CODE == 0 and $STOP_S <= $SHUTDOWN_TIMEOUT + 2,
     "exit $STOP_CODE after $STOP_S s"),
    ("held WebSockets closed with 1001 at the stop", shutdown.get("close_codes", {}).get("1001", 0) > 0,
     json.dumps(shutdown.get("close_codes"))),
]
print("# deskd soak, $STAMP\n")
print("%d s of load (%d samples every $SAMPLE s); wrk $PAGE_CONNS conns over / , $ARTICLE , /search; "
      "$WRITERS writers + $SOCKETS held sockets; ws_load $GUESTS guests / $AGENTS agents every $CHAT_INTERVAL s.\n" % (
          $DURATION, len(rows)))
print("| measure | first | last | min | max |\n|---|---|---|---|---|")
for name, v in (("RSS (kB)", rss), ("glibc heap in use (kB)", heap), ("glibc heap freed, kept (kB)", heap_free),
                ("SQLite heap (kB)", sqlite_kb), ("open descriptors", fd), ("page p99 (us)", p99)):
    if v:
        print("| %s | %d | %d | %d | %d |" % (name, v[0], v[-1], min(v), max(v)))
print("\nRSS before the load $RSS_BEFORE kB, after it (quiet) $RSS_AFTER kB; descriptors $FD_BEFORE / $FD_AFTER.")
if p99:
    print("Page p99 median over the windows: %d us." % statistics.median(p99))
    # Windows take the pages in turn (/, the article, the search): each page's own p99s.
    for i, page in enumerate(("/", "$ARTICLE", "/search")):
        own = p99[i::3]
        if own:
            print("- %s: p99 median %d us, first %d, last %d, max %d (%d windows)" % (
                page, statistics.median(own), own[0], own[-1], max(own), len(own)))
print("\nws_load: %s\n" % json.dumps(ws))
print("writers: %s\n" % json.dumps(writers.get("counts")))
print("stop burst: %s\n" % json.dumps(shutdown))
print("| check | result | detail |\n|---|---|---|")
ok = True
for name, passed, detail in checks:
    ok = ok and passed
    print("| %s | %s | %s |" % (name, "pass" if passed else "FAIL", detail))
sys.exit(0 if ok else 1)
EOF
status=$?
set -e
cat "$REPORT"
log "report: $REPORT (samples: ${REPORT%.md}.tsv)"
exit "$status"
