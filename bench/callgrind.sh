#!/usr/bin/env bash
# Instruction counts of single deskd requests under valgrind's callgrind: the
# regression baseline that holds on noisy shared machines (bench/check_budgets.sh
# compares them with bench/budgets.txt).
#
#   bench/callgrind.sh
#
# Builds deskd (Release), starts `deskd serve --demo` under
# `valgrind --tool=callgrind --separate-threads=yes`, and for each request
# below sends two warm-up requests, then three times `callgrind_control
# --zero`, ONE measured request, `callgrind_control --dump`, and keeps the
# least of the three (CALLGRIND_MEASURES). The count is the sum over
# the threads that serve a request: the I/O thread (http::Server) and the
# worker pool (ThreadPool::work). Background threads that happen to wake in
# the window (the page-view writer's batch, the mailer's outbox poll, the
# content-revision poll, session maintenance) are left out, so the number is
# the request's own and repeats to a few hundred instructions. Prints the totals
# and the top 10 functions (self cost, counted threads) of each, and appends
# them to bench/results/<date>.md.
#
# Environment (all optional): BENCH_BUILD_DIR, BENCH_JOBS, BENCH_DESKD (a
# prebuilt binary), BENCH_RESULTS, BENCH_KEEP=1 (keep the callgrind files),
# CALLGRIND_TSV=FILE (also write "name<TAB>instructions" lines there),
# CALLGRIND_REPORT=0 (print only; append nothing to bench/results).
set -euo pipefail

# name  path  auth (none | visitor | portal)  warm-up path (- = the same path)
# search_miss warms up with another query, so the measured one runs the
# full-text search and renders its page; search measures a repeated query;
# login_page is rendered directly (ctemplate on every request), as every page
# outside the Help Center's read path is.
REQUESTS='
healthz         /healthz                                    none     -
home_anon       /                                           visitor  -
article_anon    /kb/articles/1-what-cookies-does-deskd-use  visitor  -
article_portal  /kb/articles/1-what-cookies-does-deskd-use  portal   -
search          /search?q=cookies                           visitor  -
search_miss     /search?q=password                          visitor  /search?q=account
login_page      /login                                      visitor  -
'
# Threads whose work is the request's (callgrind_annotate --inclusive names them).
REQUEST_THREADS='deskd::http::Server::|deskd::ThreadPool::work'

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BENCH_BUILD_DIR:-$ROOT/build-release}
JOBS=${BENCH_JOBS:-1}
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results}
PORTAL_EMAIL=bench-user@example.com
PASSWORD=bench-password-0123456789
BENCH_TAG=callgrind
WORK=$(mktemp -d /tmp/deskd-callgrind.XXXXXX)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
trap cleanup EXIT

for tool in valgrind callgrind_control callgrind_annotate curl; do
  command -v "$tool" >/dev/null || die "$tool is required (scripts/deps.sh installs valgrind)"
done

DESKD=${BENCH_DESKD:-}
if [[ -z $DESKD ]]; then
  log "building deskd (Release) in $BUILD"
  build_deskd "$ROOT" "$BUILD" "$JOBS"
  DESKD=$BUILD/src/deskd
fi

DATA=$WORK/data
mkdir -p "$DATA"
add_user "$DESKD" "$DATA" "$PORTAL_EMAIL" user
log "starting deskd under callgrind (slow: about a minute)"
start_server deskd 300 env DESKD_LOG_LEVEL=warn valgrind --tool=callgrind --separate-threads=yes \
  --callgrind-out-file="$WORK/cg.out" "$DESKD" serve --demo --listen 127.0.0.1:0 --data "$DATA"
URL=$SERVER_URL
PID=$SERVER_PID

# Cookies are made right before their first request: the session cache
# re-reads a session from storage 30 s after it was cached, which must not
# fall into a measured request.
declare -A COOKIE=([none]=)
cookie_for() {  # cookie_for AUTH: fills COOKIE[AUTH] once
  [[ -v COOKIE[$1] ]] && return 0
  case $1 in
    visitor) COOKIE[visitor]=$(visitor_cookie "$URL") ;;
    portal) COOKIE[portal]=$(login "$URL" "$PORTAL_EMAIL") ;;
    *) die "unknown auth $1" ;;
  esac
}

get() {  # get PATH AUTH: one request; dies unless 200
  local args=(-sS -o "$WORK/body.html" -w '%{http_code}')
  if [[ -n ${COOKIE[$2]} ]]; then args+=(-H "Cookie: ${COOKIE[$2]}"); fi
  local status; status=$(curl "${args[@]}" "$URL$1")
  [[ $status == 200 ]] || die "GET $1 ($2) answered $status"
  if [[ $2 == portal ]]; then grep -q 'action="/logout"' "$WORK/body.html" || die "GET $1 is not logged in"; fi
}

thread_total() {  # thread_total FILE: the instruction total of one thread's dump ("." when idle)
  callgrind_annotate "$1" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); t = $1 + 0 } END { print t + 0 }'
}

OUT=$WORK/summary.md
{
  echo
  echo "## callgrind: instructions per request (bench/callgrind.sh)"
  echo
  echo "Commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown), valgrind $(valgrind --version | sed 's/^valgrind-//'); one request after two warm-ups; the I/O thread and the worker that served it (background threads left out)."
  echo
  echo "| request | instructions (Ir) |"
  echo "|---|--:|"
} >"$OUT"
TOPS=$WORK/tops.md
: >"$TOPS"
[[ -z ${CALLGRIND_TSV:-} ]] || : >"$CALLGRIND_TSV"
dump=0
measure() {  # measure NAME PATH AUTH: one zeroed request; sets TOTAL and COUNTED (its threads' dumps)
  callgrind_control --zero "$PID" >/dev/null
  get "$2" "$3"
  callgrind_control --dump="$1" "$PID" >/dev/null
  dump=$((dump + 1))
  TOTAL=0
  COUNTED=()
  local file functions
  for file in "$WORK"/cg.out."$dump"-*; do
    functions=$(callgrind_annotate --inclusive=yes --threshold=100 "$file" 2>/dev/null)
    if grep -qE "$REQUEST_THREADS" <<<"$functions"; then
      TOTAL=$((TOTAL + $(thread_total "$file")))
      COUNTED+=("$file")
    fi
  done
  ((${#COUNTED[@]})) || die "$1: no request thread in dump $dump"
}
while read -r name path auth warm; do
  [[ -n $name ]] || continue
  [[ $warm != - ]] || warm=$path
  cookie_for "$auth"
  get "$warm" "$auth"; get "$warm" "$auth"
  # The least of MEASURES requests: which pooled SQLite connection a request
  # leases (and whether that connection has a statement prepared yet) varies
  # with the background threads; the least is the request's own work.
  total=
  for _ in $(seq "${CALLGRIND_MEASURES:-3}"); do
    measure "$name" "$path" "$auth"
    if [[ -z $total ]] || ((TOTAL < total)); then
      total=$TOTAL
      counted=("${COUNTED[@]}")
    fi
    [[ $warm == "$path" ]] || break  # a request that must miss a cache is measured once
  done
  log "$name: $total instructions (${#counted[@]} threads)"
  printf '| %s `GET %s` (%s) | %s |\n' "$name" "$path" "$auth" "$(printf "%'d" "$total")" >>"$OUT"
  [[ -z ${CALLGRIND_TSV:-} ]] || printf '%s\t%s\n' "$name" "$total" >>"$CALLGRIND_TSV"
  {
    echo
    echo "### $name: top 10 functions (self, counted threads)"
    echo
    echo '```'
    # Frames that were on a thread's stack when the counters were zeroed (main,
    # the pool's thread loop) show that thread's whole cost as their own: skip
    # every line above half its thread's total.
    for file in "${counted[@]}"; do
      callgrind_annotate --inclusive=no --threshold=100 "$file" 2>/dev/null | sed -n '/^Ir/,$p' \
        | awk -v t="$(thread_total "$file")" '/^ *[0-9,]+ +\(/ && !/PROGRAM TOTALS/ {
            n = $1; gsub(",", "", n); sub(/^ *[0-9,]+ +\([^)]*\) +/, ""); if (n * 2 <= t) print n "\t" $0 }'
    done | awk -F'\t' '{ cost[$2] += $1 } END { for (f in cost) print cost[f] "\t" f }' | sort -rn | awk 'NR <= 10' \
      | awk -F'\t' -v total="$total" '{ printf "%10d (%5.2f%%)  %s\n", $1, 100 * $1 / total, $2 }' \
      | sed -E 's#/[^ ]*/(src|usr)/#\1/#g' | cut -c1-170
    echo '```'
  } >>"$TOPS"
done <<<"$REQUESTS"
cat "$TOPS" >>"$OUT"

if [[ ${CALLGRIND_REPORT:-1} != 0 ]]; then
  mkdir -p "$RESULTS"
  STEM=$RESULTS/$(date -u +%F)
  cat "$OUT" >>"$STEM.md"
  log "appended to $STEM.md"
fi
cat "$OUT"
