#!/usr/bin/env bash
# deskd benchmark harness: one command, from a fresh checkout to a report.
#
#   bench/run.sh
#
# Builds deskd (Release) and the baseline server, starts both pinned to one
# core, runs every scenario below with wrk pinned to another core, stops every
# server it started, and writes bench/results/<date>.md plus a .json copy.
# See docs/performance.md for what each scenario measures and the targets.
#
# Environment (all optional):
#   BENCH_DURATION   measured seconds per scenario, wrk syntax (default 10s)
#   BENCH_WARMUP     unmeasured warm-up per scenario (default 2s; 0 = none)
#   BENCH_ONLY       extended regex: run only the deskd scenarios whose name
#                    matches (the baseline always runs: every ratio needs it)
#   BENCH_BUILD_DIR  build directory (default <repo>/build-release)
#   BENCH_JOBS       parallel compile jobs (default 1)
#   BENCH_DESKD      use this deskd binary instead of building one
#   BENCH_SERVER_CPU / BENCH_CLIENT_CPU   cores for servers / wrk (default 0 / 1)
#   BENCH_RESULTS    output directory (default bench/results)
#   BENCH_KEEP=1     keep the scratch directory (server logs, raw wrk output)
set -euo pipefail

# The ceiling: the baseline server (bench/baseline/) answering a fixed 1 KB page.
# It runs right before every HTTP scenario and once at the end, so each
# scenario's ratio is to the baseline runs just before and just after it: the
# machines are shared and their speed drifts within minutes.
BASELINE_PATH=/
BASELINE_CONNS=32

# deskd scenarios, one per line, in run order; a new page is one more line.
#   name         a short id, also the row label in the report
#   script       wrk Lua script in bench/wrk/
#   path         request path
#   auth         none     no cookies
#                visitor  the dp_v cookie deskd issued on a first visit
#                portal   every cookie of a browser logged in at /login
#                agent    every cookie of a browser logged in at /agent/login
#                login    a pre-login _dp_csrf_token cookie + form body (login_post.lua)
#                remember only the dpreme cookie of a Remember-Me login at /login
#                apikey   no cookies; Authorization: Bearer with a key from `deskd api-key add`
#                         (tickets:read), and @TICKET@ in the path is a ticket made through the API
#   conns        concurrent connections
#   group        http (main table, targets apply) | login (argon2id, reported apart)
#                remember: every request signs in with dpreme and gets a rotated one back,
#                which the next request must send (an old one is a replay: all tokens die),
#                so one connection sends them one after another from a Python loop
#                (wrk keeps only the last Set-Cookie of an answer); reported apart
#                ws: bench/ws_load (conns = guests, or BENCH_WS_GUESTS) holding /messenger/ws
#                while agents on /agent/ws answer; BENCH_WS_DURATION (default 20) seconds,
#                BENCH_WS_INTERVAL (default 10) seconds between two messages of one guest
SCENARIOS='
healthz      get.lua         /healthz   none     32  http
home_anon    get.lua         /          visitor  32  http
login_page   get.lua         /login     visitor  32  http
home_portal  get.lua         /          portal   32  http
agent_home   get.lua         /agent/    agent    32  http
article_anon    get.lua      /kb/articles/9-resetting-your-password  visitor  32  http
article_portal  get.lua      /kb/articles/9-resetting-your-password  portal   32  http
search          get.lua      /search?q=cookies  visitor  32  http
api_ticket   get.lua         /api/v1/tickets/@TICKET@  apikey  32  http
login_post   login_post.lua  /login     login    2   login
remember_login  remember     /          remember  1  remember
ws           ws_load         /messenger/ws  agent  5000  ws
'

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
ONLY=${BENCH_ONLY:-}
BUILD=${BENCH_BUILD_DIR:-$ROOT/build-release}
JOBS=${BENCH_JOBS:-1}
SERVER_CPU=${BENCH_SERVER_CPU:-0}
CLIENT_CPU=${BENCH_CLIENT_CPU:-1}
RESULTS=${BENCH_RESULTS:-$BENCH/results}

# Accounts the harness creates in its scratch data directory.
PORTAL_EMAIL=bench-user@example.com
AGENT_EMAIL=bench-agent@example.com
PASSWORD=bench-password-0123456789

WORK=$(mktemp -d /tmp/deskd-bench.XXXXXX)
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"
trap cleanup EXIT

selected() {  # selected NAME: is the scenario part of this run?
  [[ -n $1 ]] && { [[ -z $ONLY ]] || [[ $1 =~ $ONLY ]]; }
}
needs_deskd=0
while read -r name _; do
  if selected "$name"; then needs_deskd=1; fi
done <<<"$SCENARIOS"

# --- tools -------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  log "installing wrk"
  SUDO=; if (( $(id -u) != 0 )); then SUDO=sudo; fi
  $SUDO apt-get install -y wrk >/dev/null 2>&1 \
    || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y wrk >/dev/null; } \
    || die "wrk is missing and apt-get install wrk failed"
fi
for tool in cmake ninja taskset curl python3; do
  command -v "$tool" >/dev/null || die "$tool is required"
done
(( $(nproc) >= 2 )) || log "warning: fewer than 2 cores; server and wrk will share one"

# --- build -------------------------------------------------------------------
quiet() {  # quiet CMD...: runs CMD, shows its output only when it fails
  "$@" >"$WORK/step.log" 2>&1 || { tail -40 "$WORK/step.log" >&2; die "failed: $*"; }
}

log "building the baseline server (Release) in $BUILD/bench"
quiet cmake -S "$BENCH" -B "$BUILD/bench" -G Ninja -DCMAKE_BUILD_TYPE=Release
quiet ninja -C "$BUILD/bench" -j"$JOBS" baseline_server ws_load
BASELINE_BIN=$BUILD/bench/baseline_server

DESKD=${BENCH_DESKD:-}
if (( needs_deskd )) && [[ -z $DESKD ]]; then
  log "building deskd (Release) in $BUILD"
  tests=()
  [[ -f $BUILD/CMakeCache.txt ]] || tests=(-DDESKD_TESTS=OFF)  # an existing (test) build keeps its tests
  quiet cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release "${tests[@]}"
  quiet ninja -C "$BUILD" -j"$JOBS" deskd
  DESKD=$BUILD/src/deskd
fi

# --- servers (start_server, rss_kb, cpu_ticks: bench/lib.sh) ------------------
start_server baseline 30 taskset -c "$SERVER_CPU" "$BASELINE_BIN" --port 0
BASELINE_URL=$SERVER_URL
BASELINE_PID=$SERVER_PID

DESKD_URL= DESKD_PID=
if (( needs_deskd )); then
  DATA=$WORK/data
  mkdir -p "$DATA"
  add_user "$DESKD" "$DATA" "$PORTAL_EMAIL" user
  add_user "$DESKD" "$DATA" "$AGENT_EMAIL" agent
  # Every load client runs on 127.0.0.1 and the ws scenario holds 5,000 sockets
  # from it: lift the per-address connection cap (default 256) and switch off the
  # per-address Messenger limits (docs/security.md, "Abuse limits") for this run.
  start_server deskd 30 taskset -c "$SERVER_CPU" env DESKD_LOG_LEVEL=warn DESKD_LIMITS_MAX_CONNECTIONS_PER_IP=1000000 \
    DESKD_API_RATE_LIMIT_PER_MINUTE=0 DESKD_LIMITS_VISITOR_IDS_PER_IP_PER_HOUR=0 DESKD_LIMITS_CHATS_PER_IP_PER_HOUR=0 DESKD_LIMITS_OPEN_CHATS_PER_IP=0 \
    DESKD_LIMITS_CHAT_MESSAGES_PER_VISITOR_PER_MINUTE=0 \
    "$DESKD" serve --demo --listen 127.0.0.1:0 --data "$DATA"
  DESKD_URL=$SERVER_URL
  DESKD_PID=$SERVER_PID
  sleep 1
  DESKD_RSS_IDLE=$(rss_kb "$DESKD_PID" VmRSS)
fi

# --- cookies for the scenarios -------------------------------------------------
# (form_token, fetch_login_form, login, visitor_cookie: bench/lib.sh)
declare -A COOKIE=([none]= [visitor]= [portal]= [agent]= [login]= [remember]= [apikey]=)
declare -A BODY=()
declare -A AUTHZ=()  # Authorization header values by auth kind
API_TICKET_REF=
prepare_auth() {  # prepare_auth KIND: fills COOKIE[KIND] (and BODY[KIND]) once
  local kind=$1
  if [[ $kind == none || -n ${COOKIE[$kind]} || -n ${AUTHZ[$kind]:-} ]]; then return 0; fi
  case $kind in
    visitor) COOKIE[visitor]=$(visitor_cookie "$DESKD_URL") ;;
    portal) COOKIE[portal]=$(login "$DESKD_URL" "$PORTAL_EMAIL") ;;
    remember)
      local value
      login "$DESKD_URL" "$PORTAL_EMAIL" remember_me 1 >/dev/null
      value=$(awk -F'\t' '{ sub(/^#HttpOnly_/, "") } !/^#/ && NF >= 7 && $6 == "dpreme" { print $7 }' "$WORK/jar-login")
      [[ -n $value ]] || die "a Remember-Me login at /login set no dpreme cookie"
      COOKIE[remember]="dpreme=$value" ;;
    agent) COOKIE[agent]=$(login "$DESKD_URL/agent" "$AGENT_EMAIL") ;;
    login)
      local jar=$WORK/jar-prelogin token
      token=$(fetch_login_form "$DESKD_URL" "$jar")
      COOKIE[login]=$(jar_cookie_header "$jar")
      BODY[login]=$(urlencode_form email "$PORTAL_EMAIL" password "$PASSWORD" _dp_csrf_token "$token") ;;
    apikey)
      local key
      key=$("$DESKD" api-key add --name bench --scopes tickets:read,tickets:write --data "$DATA") ||
        die "deskd api-key add failed"
      AUTHZ[apikey]="Bearer $key"
      API_TICKET_REF=$(curl -sS -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
        --data '{"subject":"Bench ticket","body":"Read me often.","requester":"bench-requester@example.test"}' \
        "$DESKD_URL/api/v1/tickets" | python3 -c 'import json, sys; print(json.load(sys.stdin)["ref"])') ||
        die "creating the API bench ticket failed" ;;
    *) die "unknown auth kind $kind" ;;
  esac
}

# probe NAME URL SCRIPT AUTH: one request as the scenario will send it; dies
# unless the answer is what the scenario claims to measure. Prints
# "STATUS<TAB>names of cookies set".
probe() {
  local url=$2 script=$3 auth=$4 headers=$WORK/$1.probe.h body=$WORK/$1.probe.html
  local args=(-sS -o "$body" -D "$headers")
  if [[ -n ${COOKIE[$auth]} ]]; then args+=(-H "Cookie: ${COOKIE[$auth]}"); fi
  if [[ -n ${AUTHZ[$auth]:-} ]]; then args+=(-H "Authorization: ${AUTHZ[$auth]}"); fi
  if [[ $script == login_post.lua ]]; then args+=(--data "${BODY[$auth]}"); fi
  curl "${args[@]}" "$url"
  local status; status=$(head -1 "$headers" | awk '{ print $2 }')
  local expect=200
  if [[ $script == login_post.lua ]]; then expect=303; fi
  [[ $status == "$expect" ]] || die "scenario $1: $url answered $status, expected $expect"
  case $auth in
    portal) grep -q 'action="/logout"' "$body" || die "scenario $1: no portal logout form; not logged in" ;;
    agent) grep -q 'action="/agent/logout"' "$body" || die "scenario $1: no agent logout form; not logged in" ;;
  esac
  local set_cookies
  set_cookies=$(tr -d '\r' <"$headers" | sed -n 's/^[Ss]et-[Cc]ookie: \([^=]*\)=.*/\1/p' | sort -u | paste -sd, -)
  printf '%s\t%s\n' "$status" "${set_cookies:--}"
}

# --- run ---------------------------------------------------------------------
RAW=$WORK/raw
mkdir -p "$RAW"
LOADAVG_START=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$RAW/scenarios.tsv"

run_scenario() {  # run_scenario NAME SERVER SCRIPT PATH AUTH CONNS GROUP
  local name=$1 server=$2 script=$3 path=$4 auth=$5 conns=$6 group=$7 url probe_out= pid
  if [[ $server == baseline ]]; then
    url=$BASELINE_URL$path
    pid=$BASELINE_PID
    probe_out=$(printf '200\t-')
  else
    prepare_auth "$auth"
    path=${path//@TICKET@/$API_TICKET_REF}
    url=$DESKD_URL$path
    pid=$DESKD_PID
    probe_out=$(probe "$name" "$url" "$script" "$auth")
  fi
  local wrk_env=(BENCH_COOKIE="${COOKIE[$auth]:-}" BENCH_BODY="${BODY[$auth]:-}" BENCH_AUTHORIZATION="${AUTHZ[$auth]:-}")
  local wrk_cmd=(taskset -c "$CLIENT_CPU" wrk -t1 -c"$conns" --latency -s "$BENCH/wrk/$script")
  if [[ $WARMUP != 0 && $WARMUP != 0s ]]; then
    env "${wrk_env[@]}" "${wrk_cmd[@]}" -d"$WARMUP" "$url" >/dev/null
  fi
  log "$name: wrk -c$conns -d$DURATION $url"
  local ticks; ticks=$(cpu_ticks "$pid")
  env "${wrk_env[@]}" "${wrk_cmd[@]}" -d"$DURATION" "$url" >"$RAW/$name.wrk"
  ticks=$(( $(cpu_ticks "$pid") - ticks ))
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$server" "$script" "$path" "$auth" "$conns" "$group" \
    "$probe_out" "$ticks" >>"$RAW/scenarios.tsv"
}

baseline_runs=0
run_baseline() {
  baseline_runs=$((baseline_runs + 1))
  run_scenario "baseline-$baseline_runs" baseline get.lua "$BASELINE_PATH" none "$BASELINE_CONNS" baseline
}

run_ws_scenario() {  # run_ws_scenario NAME GUESTS: bench/ws_load against deskd
  local guests=${BENCH_WS_GUESTS:-$2}
  ulimit -n $(( guests * 2 + 1024 )) 2>/dev/null || ulimit -n "$(ulimit -Hn)"
  log "$1: ws_load --guests $guests --duration ${BENCH_WS_DURATION:-20}"
  taskset -c "$CLIENT_CPU" "$BUILD/bench/ws_load" --url "$DESKD_URL" --agent-email "$AGENT_EMAIL" \
    --agent-password "$PASSWORD" --guests "$guests" --duration "${BENCH_WS_DURATION:-20}" \
    --interval "${BENCH_WS_INTERVAL:-10}" --pid "$DESKD_PID" --json "$RAW/$1.ws.json" >"$RAW/$1.ws.log" 2>&1 \
    || { tail -20 "$RAW/$1.ws.log" >&2; die "ws_load failed"; }
}

# run_remember_scenario NAME PATH: Remember-Me sign-ins in a chain, one connection.
run_remember_scenario() {
  prepare_auth remember
  log "$1: Remember-Me sign-in chain for $WARMUP + $DURATION on one connection, $DESKD_URL$2"
  taskset -c "$CLIENT_CPU" python3 - "$DESKD_URL" "$2" "${COOKIE[remember]#dpreme=}" "$WARMUP" "$DURATION" \
    "$DESKD_PID" "$RAW/$1.remember.json" <<'PY' || die "$1: the Remember-Me chain broke"
import http.client, json, os, re, sys, time, urllib.parse

url, path, token, warmup, duration, pid, out = sys.argv[1:]
def seconds(spec):  # wrk duration syntax: 10, 10s, 2m, 1h
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([smh]?)", spec)
    return float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[m.group(2)]
def ticks():
    with open("/proc/%s/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])
u = urllib.parse.urlsplit(url)
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
def sign_in(token):  # one request; returns the rotated token or fails
    conn.request("GET", path, headers={"Cookie": "dpreme=" + token})
    r = conn.getresponse()
    r.read()
    cookies = [v for k, v in r.getheaders() if k.lower() == "set-cookie"]
    fresh = [c.split(";", 1)[0].split("=", 1)[1] for c in cookies if c.startswith("dpreme=")]
    if r.status != 200 or len(fresh) != 1 or not fresh[0] or not any(c.startswith("dpsid-portal=") for c in cookies):
        sys.exit("answer %d with cookies %r: not a Remember-Me sign-in" % (r.status, cookies))
    return fresh[0]
end = time.monotonic() + seconds(warmup) if warmup not in ("0", "0s") else time.monotonic()
while time.monotonic() < end:
    token = sign_in(token)
latencies, t0, cpu0 = [], time.monotonic(), ticks()
end = t0 + seconds(duration)
while time.monotonic() < end:
    start = time.perf_counter()
    token = sign_in(token)
    latencies.append(time.perf_counter() - start)
elapsed, cpu = time.monotonic() - t0, ticks() - cpu0
latencies.sort()
pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1e3
json.dump({"requests": len(latencies), "duration_s": elapsed, "rps": len(latencies) / elapsed,
           "p50_ms": pick(0.50), "p99_ms": pick(0.99), "max_ms": latencies[-1] * 1e3, "errors": 0,
           "cpu_us_per_request": cpu * 1e6 / os.sysconf("SC_CLK_TCK") / len(latencies)}, open(out, "w"))
PY
}

while read -r name script path auth conns group; do
  selected "$name" || continue
  if [[ $group == ws ]]; then run_ws_scenario "$name" "$conns"; continue; fi
  if [[ $group == remember ]]; then run_remember_scenario "$name" "$path"; continue; fi
  if [[ $group == http ]]; then run_baseline; fi
  run_scenario "$name" deskd "$script" "$path" "$auth" "$conns" "$group"
done <<<"$SCENARIOS"
run_baseline

# --- report ------------------------------------------------------------------
{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(
    [[ -n $(git -C "$ROOT" status --porcelain 2>/dev/null) ]] && echo ' (with uncommitted changes)')"
  if [[ -n ${BENCH_DESKD:-} ]]; then echo "deskd_binary=$BENCH_DESKD (prebuilt, BENCH_DESKD)"; fi
  echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  echo "cores=$(nproc)"
  echo "clock_ticks_per_s=$(getconf CLK_TCK)"
  echo "kernel=$(uname -sr)"
  echo "wrk=$(wrk -v 2>&1 | head -1 | awk '{ print $2 }')"
  echo "duration=$DURATION"
  echo "warmup=$WARMUP"
  echo "server_cpu=$SERVER_CPU"
  echo "client_cpu=$CLIENT_CPU"
  echo "loadavg_start=$LOADAVG_START"
  echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "baseline_rss_kb=$(rss_kb "$BASELINE_PID" VmRSS)"
  if [[ -n $DESKD_PID ]]; then
    echo "deskd_rss_idle_kb=$DESKD_RSS_IDLE"
    echo "deskd_rss_after_kb=$(rss_kb "$DESKD_PID" VmRSS)"
    echo "deskd_rss_peak_kb=$(rss_kb "$DESKD_PID" VmHWM)"
  fi
} >"$RAW/meta.txt"

mkdir -p "$RESULTS"
STEM=$RESULTS/$(date -u +%F)
python3 "$BENCH/report.py" --raw "$RAW" --markdown "$STEM.md" --json "$STEM.json"
for ws_json in "$RAW"/*.ws.json; do
  [[ -e $ws_json ]] || continue
  python3 - "$ws_json" >>"$STEM.md" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print("\n## Messenger WebSocket load (bench/ws_load)\n")
print("| guests held | agents | msgs/s delivered | guest→agent p50 / p99 ms | agent→guest p50 / p99 ms | deskd RSS per connection |")
print("|---|---|---|---|---|---|")
print(f"| {r['connections_held']}/{r['guests']} | {r['agents']} | {r['messages_per_s']:.0f} | "
      f"{r['guest_to_agent_p50_ms']:.1f} / {r['guest_to_agent_p99_ms']:.1f} | "
      f"{r['agent_to_guest_p50_ms']:.1f} / {r['agent_to_guest_p99_ms']:.1f} | {r['rss_per_connection_kb']:.1f} KiB |")
print(f"\nOne message per guest every {r['interval_s']:g} s for {r['duration_s']:g} s after connecting all guests "
      f"in {r['setup_s']:.1f} s; {r['guest_send_errors']} send errors, {r['guests_failed']} guests failed to connect.")
PY
done
for remember_json in "$RAW"/*.remember.json; do
  [[ -e $remember_json ]] || continue
  python3 - "$remember_json" "$STEM.json" >>"$STEM.md" <<'PY'
import json, pathlib, sys
name = pathlib.Path(sys.argv[1]).name.split(".")[0]
r = json.load(open(sys.argv[1]))
base = (json.load(open(sys.argv[2])).get("baseline") or {}).get("cpu_us_per_request")
cpu_ratio = f"{r['cpu_us_per_request'] / base:.1f}" if base else "–"
print("\n## Remember-Me sign-in (one connection, sequential; reported apart)\n")
print("| scenario | request | req/s | p50 ms | p99 ms | max ms | CPU µs/req | CPU × baseline | errors |")
print("|---|---|--:|--:|--:|--:|--:|--:|--:|")
print(f"| {name} | GET `/` (only a valid dpreme; the next request sends the rotated one) | {r['rps']:,.0f} | "
      f"{r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {r['max_ms']:.2f} | {r['cpu_us_per_request']:,.1f} | {cpu_ratio} | "
      f"{r['errors']} |")
print(f"\nEach request finds no session, signs in by the dpreme token (new session, rotated validator, audit row) "
      f"and renders the portal home; {r['requests']} sign-ins in {r['duration_s']:.1f} s from a Python client "
      f"(its own time is in the latencies).")
PY
done
log "report: $STEM.md (and $STEM.json)"
cat "$STEM.md"

# Micro-benchmarks, callgrind instruction counts and the scale runs append
# their own sections to the same day's report.
if [ "${BENCH_ONLY:-}" = "" ]; then
  "$BENCH/micro.sh" && "$BENCH/callgrind.sh" && "$BENCH/scale.sh"
fi
