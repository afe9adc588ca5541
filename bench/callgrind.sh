#!/usr/bin/env bash
# Instruction counts of single deskd requests under valgrind's callgrind: the
# regression baseline that holds on noisy shared machines.
#
#   bench/callgrind.sh
#
# Builds deskd (Release), starts `deskd serve --demo` under
# `valgrind --tool=callgrind`, and for each request below sends two warm-up
# requests, then `callgrind_control --zero`, ONE measured request, and
# `callgrind_control --dump`. The count covers every thread of deskd for that
# request (I/O thread, worker, hand-off); the batched page-view write happens
# later on the writer thread and is not in it. Prints the totals and the top 10
# functions (self cost) of each; frames that were on a thread's stack when the
# counters were zeroed (main, clone, the pool's thread loop) show the whole
# thread's cost as their own in such a dump, so lines above 50 % are skipped, and appends them to bench/results/<date>.md.
#
# Environment (all optional): BENCH_BUILD_DIR, BENCH_JOBS, BENCH_DESKD (a
# prebuilt binary), BENCH_RESULTS, BENCH_KEEP=1 (keep the callgrind files).
set -euo pipefail

# name  path  auth (none | visitor | portal)
REQUESTS='
healthz         /healthz                                 none
article_anon    /kb/articles/1-what-cookies-does-deskd-use  visitor
article_portal  /kb/articles/1-what-cookies-does-deskd-use  portal
'

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
start_server deskd 300 env DESKD_LOG_LEVEL=warn valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.out" \
  "$DESKD" serve --demo --listen 127.0.0.1:0 --data "$DATA"
URL=$SERVER_URL
PID=$SERVER_PID

declare -A COOKIE=([none]= [visitor]="$(visitor_cookie "$URL")" [portal]="$(login "$URL" "$PORTAL_EMAIL")")

get() {  # get PATH AUTH: one request; dies unless 200
  local args=(-sS -o "$WORK/body.html" -w '%{http_code}')
  if [[ -n ${COOKIE[$2]} ]]; then args+=(-H "Cookie: ${COOKIE[$2]}"); fi
  local status; status=$(curl "${args[@]}" "$URL$1")
  [[ $status == 200 ]] || die "GET $1 ($2) answered $status"
  if [[ $2 == portal ]]; then grep -q 'action="/logout"' "$WORK/body.html" || die "GET $1 is not logged in"; fi
}

OUT=$WORK/summary.md
{
  echo
  echo "## callgrind: instructions per request (bench/callgrind.sh)"
  echo
  echo "Commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown), valgrind $(valgrind --version | sed 's/^valgrind-//'); one request after two warm-ups, all deskd threads, page-view batch write excluded."
  echo
  echo "| request | instructions (Ir) |"
  echo "|---|--:|"
} >"$OUT"
TOPS=$WORK/tops.md
: >"$TOPS"
set +o pipefail  # head and awk below stop reading early
while read -r name path auth; do
  [[ -n $name ]] || continue
  get "$path" "$auth"; get "$path" "$auth"
  callgrind_control --zero "$PID" >/dev/null
  get "$path" "$auth"
  callgrind_control --dump="$name" "$PID" >/dev/null
  dump=$(ls -t "$WORK"/cg.out* | head -1)
  total=$(callgrind_annotate "$dump" 2>/dev/null | awk '/PROGRAM TOTALS/ && !t { t = $1 } END { print t }')
  log "$name: $total instructions"
  echo "| $name \`GET $path\` ($auth) | $total |" >>"$OUT"
  {
    echo
    echo "### $name: top 10 functions (self)"
    echo
    echo '```'
    callgrind_annotate --inclusive=no --threshold=100 "$dump" 2>/dev/null | sed -n '/^Ir/,$p' | grep -v '^-' | sed '/^$/d' \
      | awk '/PROGRAM TOTALS|file:function/ { print; next } { p = $2; gsub(/[()%]/, "", p); if (p + 0 < 50) print }' \
      | head -12 \
      | sed -E 's#/[^ ]*/(src|usr)/#\1/#g' | cut -c1-160
    echo '```'
  } >>"$TOPS"
done <<<"$REQUESTS"
set -o pipefail
cat "$TOPS" >>"$OUT"

mkdir -p "$RESULTS"
STEM=$RESULTS/$(date -u +%F)
cat "$OUT" >>"$STEM.md"
cat "$OUT"
log "appended to $STEM.md"
