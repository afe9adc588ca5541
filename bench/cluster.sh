#!/usr/bin/env bash
# Two deskd nodes on PostgreSQL + Redis behind nginx, beside one SQLite node
# (issue 11 item 7; docs/performance.md, "Several nodes").
#
#   bench/cluster.sh
#
# Builds deskd and bench/ws_load (Release), then runs the same load against
#   sqlite    one node on its own SQLite file (what bench/run.sh measures)
#   node_a    node A of the cluster, directly (PostgreSQL + Redis, no nginx)
#   cluster   both nodes behind nginx running docs/deploy/nginx-deskd.conf
#             (round-robin, no sticky sessions; only its ports changed)
#   nodes_ab  (chat) guests on node A, agents on node B, each directly
# in two scenarios:
#   article_anon  GET the demo article with one dp_v visitor cookie (wrk, 32
#                 connections, bench/wrk/get.lua)
#   chat_fanout   bench/ws_load: guests chat with node A (HTTP posts and
#                 /messenger/ws) while the agents sign in and hold /agent/ws on
#                 node B, so every message crosses the nodes through Redis; on
#                 SQLite guests and agents share the one node. Messages/s
#                 delivered and the delivery latency p50/p99 in both directions.
# and prints one table (also written to bench/results/<date>-cluster.md and
# .json). Every server it started is stopped on exit.
#
# PostgreSQL and Redis: without BENCH_POSTGRES_URL / BENCH_REDIS_URL the script
# runs itself under scripts/with_postgres.sh and scripts/with_redis.sh
# (throwaway servers on loopback; Debian packages postgresql, redis-server,
# nginx-light as scripts/deps.sh installs them). The two nodes get a fresh
# database on that server, dropped at the end.
#
# Cores: deskd nodes and nginx run on BENCH_SERVER_CPU, wrk and ws_load on
# BENCH_CLIENT_CPU; PostgreSQL and Redis are not pinned (they are started by
# the scripts above) and their CPU time is not in the figures.
#
# Environment (all optional):
#   BENCH_DURATION      measured seconds per run, wrk syntax (default 10s)
#   BENCH_WARMUP        unmeasured wrk warm-up per run (default 2s; 0 = none)
#   BENCH_CHAT_GUESTS   guests in chat_fanout (default 500)
#   BENCH_CHAT_AGENTS   agent sockets in chat_fanout (default 4)
#   BENCH_CHAT_INTERVAL seconds between two messages of one guest (default 1)
#   BENCH_ONLY          extended regex over "scenario/setup" names to run
#   BENCH_BUILD_DIR, BENCH_JOBS, BENCH_DESKD, BENCH_SERVER_CPU,
#   BENCH_CLIENT_CPU, BENCH_RESULTS, BENCH_KEEP=1   as in bench/run.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench

# --- PostgreSQL and Redis --------------------------------------------------------
if [[ -z ${BENCH_POSTGRES_URL:-} ]]; then
  if [[ -z ${DESKD_TEST_POSTGRES_URL:-} ]]; then exec "$ROOT/scripts/with_postgres.sh" "$0" "$@"; fi
  export BENCH_POSTGRES_URL=$DESKD_TEST_POSTGRES_URL
fi
if [[ -z ${BENCH_REDIS_URL:-} ]]; then
  if [[ -z ${DESKD_TEST_REDIS_URL:-} ]]; then exec "$ROOT/scripts/with_redis.sh" "$0" "$@"; fi
  export BENCH_REDIS_URL=$DESKD_TEST_REDIS_URL
fi

DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
ONLY=${BENCH_ONLY:-}
BUILD=${BENCH_BUILD_DIR:-$ROOT/build-release}
JOBS=${BENCH_JOBS:-1}
SERVER_CPU=${BENCH_SERVER_CPU:-0}
CLIENT_CPU=${BENCH_CLIENT_CPU:-1}
RESULTS=${BENCH_RESULTS:-$BENCH/results}
CHAT_GUESTS=${BENCH_CHAT_GUESTS:-500}
CHAT_AGENTS=${BENCH_CHAT_AGENTS:-4}
CHAT_INTERVAL=${BENCH_CHAT_INTERVAL:-1}
ARTICLE=/kb/articles/9-resetting-your-password
AGENT_EMAIL=bench-agent@example.com
PASSWORD=bench-password-0123456789
BENCH_TAG=cluster

WORK=$(mktemp -d /tmp/deskd-cluster-bench.XXXXXX)
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"

NGINX_PID=
DB_URL=
drop_database() {
  [[ -n $DB_URL ]] || return 0
  psql_run "$BENCH_POSTGRES_URL" "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" || true
}
finish() {
  local pid
  if [[ -n $NGINX_PID ]]; then stop_server "$NGINX_PID"; fi
  for pid in "${SERVER_PIDS[@]}"; do stop_server "$pid"; done
  drop_database
  cleanup  # bench/lib.sh: removes $WORK (unless BENCH_KEEP=1)
}
trap finish EXIT

seconds() {  # seconds SPEC: wrk duration syntax (10, 10s, 2m) -> whole seconds
  python3 -c 'import re, sys; m = re.fullmatch(r"(\d+)([smh]?)", sys.argv[1]) or sys.exit("bad duration " + sys.argv[1]); print(int(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[m.group(2)])' "$1"
}
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
selected() { [[ -z $ONLY ]] || [[ $1 =~ $ONLY ]]; }

# --- tools -------------------------------------------------------------------
for tool in cmake ninja taskset curl python3 wrk; do
  command -v "$tool" >/dev/null || die "$tool is required (bench/run.sh installs wrk; scripts/deps.sh the rest)"
done
NGINX=$(command -v nginx || true)
[[ -n $NGINX ]] || { [[ -x /usr/sbin/nginx ]] && NGINX=/usr/sbin/nginx; } || true
[[ -n $NGINX ]] || die "nginx is required (Debian nginx-light, scripts/deps.sh)"
PSQL=$(command -v psql || true)
if [[ -z $PSQL ]]; then
  for candidate in /usr/lib/postgresql/*/bin/psql; do [[ -x $candidate ]] && PSQL=$candidate; done
fi
[[ -n $PSQL ]] || die "psql is required (Debian postgresql-client)"

psql_run() {  # psql_run URL SQL
  "$PSQL" -X -q -v ON_ERROR_STOP=1 "$1" -c "$2" >"$WORK/psql.log" 2>&1 || { cat "$WORK/psql.log" >&2; return 1; }
}

# --- build -------------------------------------------------------------------
DESKD=${BENCH_DESKD:-}
if [[ -z $DESKD ]]; then
  log "building deskd (Release) in $BUILD"
  build_deskd "$ROOT" "$BUILD" "$JOBS"
  DESKD=$BUILD/src/deskd
fi
log "building bench/ws_load (Release) in $BUILD/bench"
cmake -S "$BENCH" -B "$BUILD/bench" -G Ninja -DCMAKE_BUILD_TYPE=Release >"$WORK/bench-cmake.log" 2>&1 \
  || { tail -30 "$WORK/bench-cmake.log" >&2; die "cmake of bench/ failed"; }
ninja -C "$BUILD/bench" -j"$JOBS" ws_load >"$WORK/bench-ninja.log" 2>&1 \
  || { tail -30 "$WORK/bench-ninja.log" >&2; die "building ws_load failed"; }

# --- servers -------------------------------------------------------------------
DB_NAME=deskd_bench_$$_$(date +%s)
psql_run "$BENCH_POSTGRES_URL" "CREATE DATABASE $DB_NAME" || die "CREATE DATABASE failed"
DB_URL=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit((p.scheme, p.netloc, "/" + sys.argv[2], p.query, "")))' \
  "$BENCH_POSTGRES_URL" "$DB_NAME")

# Every load client runs on 127.0.0.1 and holds hundreds of sockets from it:
# lift the per-address connection cap and the per-address Messenger limits
# (docs/security.md, "Abuse limits") for this run, as bench/run.sh does.
LOAD_ENV=(DESKD_LOG_LEVEL=warn DESKD_LIMITS_MAX_CONNECTIONS_PER_IP=1000000 DESKD_LIMITS_VISITOR_IDS_PER_IP_PER_HOUR=0
  DESKD_LIMITS_CHATS_PER_IP_PER_HOUR=0 DESKD_LIMITS_OPEN_CHATS_PER_IP=0 DESKD_LIMITS_CHAT_MESSAGES_PER_VISITOR_PER_MINUTE=0)
# No server.public_url: the nodes answer as whatever Host they are asked by
# (nginx's or their own listen address), so agents can sign in on node B
# directly; allowed_hosts admits nginx's address (any port).
CLUSTER_ENV=(DESKD_STORAGE_URL="$DB_URL" DESKD_REDIS_URL="$BENCH_REDIS_URL" DESKD_SERVER_TRUSTED_PROXIES=127.0.0.1
  DESKD_SERVER_ALLOWED_HOSTS=127.0.0.1)

mkdir -p "$WORK/sqlite" "$WORK/node-a" "$WORK/node-b"
add_user "$DESKD" "$WORK/sqlite" "$AGENT_EMAIL" agent
start_server sqlite 30 taskset -c "$SERVER_CPU" env "${LOAD_ENV[@]}" "$DESKD" serve --demo --listen 127.0.0.1:0 \
  --data "$WORK/sqlite"
SQLITE_URL=$SERVER_URL SQLITE_PID=$SERVER_PID

# Node A seeds the demo helpdesk into PostgreSQL; node B joins the same database.
printf '%s\n' "$PASSWORD" | env "${CLUSTER_ENV[@]}" "$DESKD" user add --email "$AGENT_EMAIL" --role agent \
  --name "Bench agent" --password-stdin --data "$WORK/node-a" >"$WORK/user-add-cluster.log" 2>&1 \
  || { cat "$WORK/user-add-cluster.log" >&2; die "deskd user add (PostgreSQL) failed"; }
start_server node_a 60 taskset -c "$SERVER_CPU" env "${LOAD_ENV[@]}" "${CLUSTER_ENV[@]}" "$DESKD" serve --demo \
  --listen 127.0.0.1:0 --data "$WORK/node-a"
NODE_A_URL=$SERVER_URL NODE_A_PID=$SERVER_PID
start_server node_b 60 taskset -c "$SERVER_CPU" env "${LOAD_ENV[@]}" "${CLUSTER_ENV[@]}" "$DESKD" serve \
  --listen 127.0.0.1:0 --data "$WORK/node-b"
NODE_B_URL=$SERVER_URL NODE_B_PID=$SERVER_PID

# nginx: docs/deploy/nginx-deskd.conf with our two nodes and a free port.
NGINX_PORT=$(free_port)
mkdir -p "$WORK/nginx/temp"
chmod 755 "$WORK" "$WORK/nginx"
chmod 777 "$WORK/nginx/temp"
python3 - "$ROOT/docs/deploy/nginx-deskd.conf" "$WORK/nginx/deskd.conf" "$NGINX_PORT" "${NODE_A_URL##*:}" \
  "${NODE_B_URL##*:}" <<'PY'
import re, sys
src, dst, port, a, b = sys.argv[1:]
text = open(src).read()
servers = "".join("    server 127.0.0.1:%s max_fails=1 fail_timeout=5s;\n" % p for p in (a, b))
text, n = re.subn(r"(?m)^    server 127\.0\.0\.1:\d+ [^\n]*\n(?:    server 127\.0\.0\.1:\d+ [^\n]*\n)*", servers, text)
assert n == 1, "upstream servers not found in " + src
text, n = re.subn(r"(?m)^    listen 80;$", "    listen 127.0.0.1:%s;" % port, text)
assert n == 1, "listen 80 not found in " + src
open(dst, "w").write(text)
PY
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
worker_rlimit_nofile 65536;
events { worker_connections 16384; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/temp/body;
    proxy_temp_path $WORK/nginx/temp/proxy;
    fastcgi_temp_path $WORK/nginx/temp/fastcgi;
    uwsgi_temp_path $WORK/nginx/temp/uwsgi;
    scgi_temp_path $WORK/nginx/temp/scgi;
    include $WORK/nginx/deskd.conf;
}
EOF
"$NGINX" -t -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" >"$WORK/nginx/test.log" 2>&1 \
  || { cat "$WORK/nginx/test.log" >&2; die "nginx -t failed"; }
taskset -c "$SERVER_CPU" "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" >"$WORK/nginx/out.log" 2>&1 &
NGINX_PID=$!
CLUSTER_URL=http://127.0.0.1:$NGINX_PORT
for _ in $(seq 100); do curl -s -o /dev/null "$CLUSTER_URL/healthz" && break; sleep 0.1; done
curl -sf -o /dev/null "$CLUSTER_URL/healthz" || { cat "$WORK/nginx/error.log" >&2; die "nginx does not answer"; }
log "nginx on $CLUSTER_URL -> $NODE_A_URL, $NODE_B_URL"

# --- runs ----------------------------------------------------------------------------
RAW=$WORK/raw
mkdir -p "$RAW"
: >"$RAW/runs.tsv"
LOADAVG_START=$(cut -d' ' -f1-3 /proc/loadavg)
deskd_ticks() {  # deskd_ticks PID...: CPU clock ticks of the given deskd processes together
  local total=0 pid
  for pid in "$@"; do total=$((total + $(cpu_ticks "$pid"))); done
  echo "$total"
}

# run_article SETUP URL PID...: wrk on the demo article with a dp_v cookie of URL.
run_article() {
  local setup=$1 url=$2; shift 2
  selected "article_anon/$setup" || return 0
  local cookie status
  cookie=$(visitor_cookie "$url")
  status=$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$url$ARTICLE")
  [[ $status == 200 ]] || die "article_anon/$setup: $url$ARTICLE answered $status"
  local wrk_cmd=(taskset -c "$CLIENT_CPU" wrk -t1 -c32 --latency -s "$BENCH/wrk/get.lua")
  if [[ $WARMUP != 0 && $WARMUP != 0s ]]; then BENCH_COOKIE=$cookie "${wrk_cmd[@]}" -d"$WARMUP" "$url$ARTICLE" >/dev/null; fi
  log "article_anon/$setup: wrk -c32 -d$DURATION $url$ARTICLE"
  local ticks; ticks=$(deskd_ticks "$@")
  BENCH_COOKIE=$cookie "${wrk_cmd[@]}" -d"$DURATION" "$url$ARTICLE" >"$RAW/article_anon-$setup.wrk"
  ticks=$(( $(deskd_ticks "$@") - ticks ))
  printf 'article_anon\t%s\t%s\t%s\n' "$setup" "$RAW/article_anon-$setup.wrk" "$ticks" >>"$RAW/runs.tsv"
}

# run_chat SETUP GUEST_URL AGENT_URL PID...: bench/ws_load, guests at GUEST_URL, agents at AGENT_URL.
run_chat() {
  local setup=$1 guest_url=$2 agent_url=$3; shift 3
  selected "chat_fanout/$setup" || return 0
  ulimit -n $(( CHAT_GUESTS * 2 + 1024 )) 2>/dev/null || ulimit -n "$(ulimit -Hn)"
  local secs; secs=$(seconds "$DURATION")
  log "chat_fanout/$setup: ws_load --guests $CHAT_GUESTS --interval $CHAT_INTERVAL --duration $secs" \
    "(guests $guest_url, agents $agent_url)"
  local ticks; ticks=$(deskd_ticks "$@")
  taskset -c "$CLIENT_CPU" "$BUILD/bench/ws_load" --url "$guest_url" --agent-url "$agent_url" \
    --agent-email "$AGENT_EMAIL" --agent-password "$PASSWORD" --guests "$CHAT_GUESTS" --agents "$CHAT_AGENTS" \
    --interval "$CHAT_INTERVAL" --duration "$secs" --pid "$1" --json "$RAW/chat_fanout-$setup.json" \
    >"$RAW/chat_fanout-$setup.log" 2>&1 || { tail -20 "$RAW/chat_fanout-$setup.log" >&2; die "ws_load failed"; }
  ticks=$(( $(deskd_ticks "$@") - ticks ))
  printf 'chat_fanout\t%s\t%s\t%s\n' "$setup" "$RAW/chat_fanout-$setup.json" "$ticks" >>"$RAW/runs.tsv"
}

run_article sqlite "$SQLITE_URL" "$SQLITE_PID"
run_article node_a "$NODE_A_URL" "$NODE_A_PID"
run_article cluster "$CLUSTER_URL" "$NODE_A_PID" "$NODE_B_PID"
run_chat sqlite "$SQLITE_URL" "$SQLITE_URL" "$SQLITE_PID"
run_chat nodes_ab "$NODE_A_URL" "$NODE_B_URL" "$NODE_A_PID" "$NODE_B_PID"

# --- report --------------------------------------------------------------------------
mkdir -p "$RESULTS"
STEM=$RESULTS/$(date -u +%F)-cluster
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$ROOT" status --porcelain 2>/dev/null) ]]; then COMMIT+=" (with uncommitted changes)"; fi
python3 - "$RAW/runs.tsv" "$STEM.md" "$STEM.json" "$BENCH" <<PY
import json, os, sys
sys.path.insert(0, sys.argv[4])
from report import parse_wrk

runs_tsv, md_path, json_path = sys.argv[1:4]
tick_s = 1 / os.sysconf("SC_CLK_TCK")
setups = {"sqlite": "1 node, SQLite", "node_a": "node A of 2, PostgreSQL + Redis, direct",
          "cluster": "2 nodes, PostgreSQL + Redis, behind nginx",
          "nodes_ab": "2 nodes, PostgreSQL + Redis: guests on A, agents on B"}
rows, results = [], []
for line in open(runs_tsv):
    scenario, setup, path, ticks = line.rstrip("\n").split("\t")
    cpu_s = int(ticks) * tick_s
    if scenario == "article_anon":
        r = parse_wrk(open(path).read())
        if r is None:
            sys.exit("wrk did not finish for %s/%s (see %s)" % (scenario, setup, path))
        lat = r["latency_us"]
        unit = r["rps"]
        cpu = cpu_s * 1e6 / r["requests"] if r["requests"] else 0
        rows.append((scenario, setups[setup], "%s req/s" % format(round(unit), ","), "%.2f" % (lat["p50"] / 1e3),
                     "%.2f" % (lat["p99"] / 1e3), "–", "%.1f" % cpu, str(r["errors"])))
        results.append({"scenario": scenario, "setup": setup, "rps": unit, "p50_ms": lat["p50"] / 1e3,
                        "p99_ms": lat["p99"] / 1e3, "cpu_us_per_request": cpu, "errors": r["errors"]})
    else:
        r = json.load(open(path))
        delivered = r["delivered_to_agents"] + r["delivered_to_guests"]
        cpu = cpu_s * 1e6 / delivered if delivered else 0
        errors = r["guest_send_errors"] + r["guests_failed"]
        rows.append((scenario, setups[setup], "%s msgs/s" % format(round(r["messages_per_s"]), ","),
                     "%.1f / %.1f" % (r["guest_to_agent_p50_ms"], r["agent_to_guest_p50_ms"]),
                     "%.1f / %.1f" % (r["guest_to_agent_p99_ms"], r["agent_to_guest_p99_ms"]),
                     "%d/%d" % (r["connections_held"], r["guests"]), "%.1f" % cpu, str(errors)))
        results.append(dict(r, scenario=scenario, setup=setup, cpu_us_per_message=cpu, errors=errors))
meta = {"date": "$(date -u '+%Y-%m-%d %H:%M UTC')", "commit": "$COMMIT", "duration": "$DURATION",
        "warmup": "$WARMUP", "cores": os.cpu_count(), "server_cpu": "$SERVER_CPU", "client_cpu": "$CLIENT_CPU",
        "loadavg_start": "$LOADAVG_START", "loadavg_end": open("/proc/loadavg").read().split()[:3],
        "chat": {"guests": $CHAT_GUESTS, "agents": $CHAT_AGENTS, "interval_s": $CHAT_INTERVAL}}
out = ["# deskd on two nodes (bench/cluster.sh)", "",
       "%(date)s, commit %(commit)s, %(duration)s per run (warm-up %(warmup)s), load average at start "
       "%(loadavg_start)s." % meta, "",
       "| scenario | setup | throughput | p50 ms | p99 ms | guests held | deskd CPU µs per request / message | errors |",
       "|---|---|--:|--:|--:|--:|--:|--:|"]
out += ["| " + " | ".join(row) + " |" for row in rows]
out += ["",
        "article_anon: wrk, 32 connections, one dp_v visitor cookie. chat_fanout: %d guests each posting one "
        "message every %g s to node A over HTTP and reading /messenger/ws there, %d agent sockets on node B "
        "answering every message (on SQLite both on the one node); p50/p99 are guest→agent / agent→guest delivery. "
        "deskd CPU counts every node's process (not nginx, PostgreSQL or Redis)."
        % (meta["chat"]["guests"], meta["chat"]["interval_s"], meta["chat"]["agents"])]
open(md_path, "w").write("\n".join(out) + "\n")
json.dump({"meta": meta, "results": results}, open(json_path, "w"), indent=1)
print("\n".join(out))
PY
log "report: $STEM.md (and $STEM.json)"
