#!/usr/bin/env bash
# Memory and scale: deskd's RSS and time per request as storage grows.
#
#   bench/scale.sh
#
# Builds deskd and bench/micro/deskd_bench_seed (Release), then for each step
# N in BENCH_SCALE_STEPS (default 1000 10000 100000): with deskd stopped, grows
# the data directory to N portal sessions (SessionManager::create, as a login
# does minus argon2id) and 10×N page views of N visitors (PageViewStore, in
# batches as the page-view writer writes them); starts deskd pinned to one
# core, and measures with wrk pinned to another:
#   article_portal  the demo article, a different seeded session per request
#                   (every session of the step is looked up; the first pass
#                   reads them from SQLite, later ones hit the cache)
#   article_anon    the same article with one dp_v visitor cookie
# and deskd's RSS idle (after start) and after both runs.
#
# Then, in a fresh data directory, for each step K in BENCH_SCALE_ARTICLES
# (default 100 1000 10000): grows the knowledge base to K published articles
# in 3 languages each (KbStore, as the editor writes them), starts deskd and
# reads the time it took to build its content snapshot (/metrics,
# deskd_kb_snapshot_build_ms: target < 1 s), and measures
#   article_anon    the demo article with one dp_v visitor cookie
#   home_anon       the home page (categories, popular and newest articles)
# with deskd's RSS (target < 200 MiB at 10,000 articles).
#
# Then, in a third data directory, for each step T in BENCH_SCALE_TICKETS
# (default 100000): grows the desk to T tickets (deskd_bench_seed --tickets:
# T / 10 requesters, half answered, a third resolved, over 90 days), starts
# deskd, signs an agent in and measures the agent desk (issue 15):
#   view_open       /agent/tickets?status=open (the newest 50 open tickets)
#   search_word     /agent/search?q=printer (FTS over subject, messages, requester)
#   search_words    /agent/search?q=refund+printer&status=open (two words and a filter)
#   search_rare     /agent/search?q=requester7 (one requester's tickets)
#   reports_30d     /agent/reports (30 days of report figures and SVG charts)
#
# Appends the tables to bench/results/<date>.md, with each step's CPU per
# request relative to the first step (flat means within ±10 %).
#
# Environment (all optional): BENCH_SCALE_STEPS, BENCH_SCALE_ARTICLES,
# BENCH_SCALE_TICKETS (any empty skips its part), BENCH_DURATION (10s), BENCH_WARMUP_BASE (5: warm-up
# seconds, plus 1 s per 5000 sessions), BENCH_BUILD_DIR, BENCH_JOBS,
# BENCH_SERVER_CPU / BENCH_CLIENT_CPU (0 / 1), BENCH_RESULTS, BENCH_KEEP=1.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BENCH_BUILD_DIR:-$ROOT/build-release}
JOBS=${BENCH_JOBS:-1}
STEPS=${BENCH_SCALE_STEPS-1000 10000 100000}
ARTICLE_STEPS=${BENCH_SCALE_ARTICLES-100 1000 10000}
TICKET_STEPS=${BENCH_SCALE_TICKETS-100000}
AGENT_EMAIL=bench-agent@example.com
DURATION=${BENCH_DURATION:-10s}
WARMUP_BASE=${BENCH_WARMUP_BASE:-5}
SERVER_CPU=${BENCH_SERVER_CPU:-0}
CLIENT_CPU=${BENCH_CLIENT_CPU:-1}
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results}
ARTICLE=/kb/articles/1-what-cookies-does-deskd-use
PORTAL_EMAIL=bench-user@example.com
PASSWORD=bench-password-0123456789
BENCH_TAG=scale
WORK=$(mktemp -d /tmp/deskd-scale.XXXXXX)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
trap cleanup EXIT

for tool in wrk taskset curl python3; do command -v "$tool" >/dev/null || die "$tool is required"; done
log "building deskd and deskd_bench_seed (Release) in $BUILD"
build_deskd "$ROOT" "$BUILD" "$JOBS" deskd_bench_seed
DESKD=$BUILD/src/deskd
SEED=$BUILD/bench/micro/deskd_bench_seed

DATA=$WORK/data
IDS=$WORK/session-ids.txt
mkdir -p "$DATA"
: >"$IDS"
add_user "$DESKD" "$DATA" "$PORTAL_EMAIL" user

start_deskd() {
  start_server deskd 120 taskset -c "$SERVER_CPU" env DESKD_LOG_LEVEL=warn "$DESKD" serve --demo \
    --listen 127.0.0.1:0 --data "$DATA"
  sleep 1
}

# measure STEP NAME SCRIPT COOKIE [PATH [TSV]]: a warm-up, then wrk on PATH
# (default the demo article); appends one row to TSV (default runs.tsv).
measure() {
  local step=$1 name=$2 script=$3 cookie=$4 path=${5:-$ARTICLE} tsv=${6:-$WORK/runs.tsv} warmup ticks
  warmup=$(( WARMUP_BASE + step / 5000 ))
  local cmd=(taskset -c "$CLIENT_CPU" wrk -t1 -c32 --latency -s "$ROOT/bench/wrk/$script")
  BENCH_COOKIE=$cookie BENCH_IDS_FILE=$IDS "${cmd[@]}" -d"${warmup}s" "$SERVER_URL$path" >/dev/null
  ticks=$(cpu_ticks "$SERVER_PID")
  BENCH_COOKIE=$cookie BENCH_IDS_FILE=$IDS "${cmd[@]}" -d"$DURATION" "$SERVER_URL$path" >"$WORK/$name-$step.wrk"
  ticks=$(( $(cpu_ticks "$SERVER_PID") - ticks ))
  printf '%s\t%s\t%s\t%s\n' "$step" "$name" "$ticks" "$WORK/$name-$step.wrk" >>"$tsv"
  log "step $step $name: $(grep -m1 'Requests/sec' "$WORK/$name-$step.wrk")"
}

: >"$WORK/runs.tsv"
: >"$WORK/memory.tsv"
: >"$WORK/kb-runs.tsv"
: >"$WORK/kb-memory.tsv"
: >"$WORK/desk-runs.tsv"
: >"$WORK/desk-memory.tsv"
LOADAVG_START=$(cut -d' ' -f1-3 /proc/loadavg)
have_sessions=0 have_views=0
for step in $STEPS; do
  views=$(( step * 10 ))
  log "step $step: seeding $((step - have_sessions)) sessions and $((views - have_views)) page views"
  "$SEED" --data "$DATA" --email "$PORTAL_EMAIL" --ids-out "$IDS" --sessions $((step - have_sessions)) \
    --page-views $((views - have_views)) --visitors "$step" --articles 21 | sed 's/^/[scale]   /' >&2
  have_sessions=$step have_views=$views
  start_deskd
  rss_idle=$(rss_kb "$SERVER_PID" VmRSS)
  curl -sS -o "$WORK/probe.html" -H "Cookie: dpsid-portal=$(head -1 "$IDS")" "$SERVER_URL$ARTICLE"
  grep -q 'action="/logout"' "$WORK/probe.html" || die "a seeded session is not logged in on $ARTICLE"
  visitor=$(visitor_cookie "$SERVER_URL")
  measure "$step" article_portal sessions.lua ""
  measure "$step" article_anon get.lua "$visitor"
  printf '%s\t%s\t%s\t%s\t%s\n' "$step" "$views" "$rss_idle" "$(rss_kb "$SERVER_PID" VmRSS)" \
    "$(du -sk "$DATA" | cut -f1)" >>"$WORK/memory.tsv"
  stop_server "$SERVER_PID"
  SERVER_PIDS=()
done

# Knowledge-base size: a data directory of its own, so sessions do not mix in.
DATA=$WORK/kb-data
mkdir -p "$DATA"
if [[ -n $ARTICLE_STEPS ]]; then add_user "$DESKD" "$DATA" "$PORTAL_EMAIL" user; fi
have_articles=0
for step in $ARTICLE_STEPS; do
  log "step $step articles: seeding $((step - have_articles)) articles in 3 languages"
  "$SEED" --data "$DATA" --email "$PORTAL_EMAIL" --kb-articles $((step - have_articles)) | sed 's/^/[scale]   /' >&2
  have_articles=$step
  start_deskd
  rss_idle=$(rss_kb "$SERVER_PID" VmRSS)
  build_ms=$(curl -sS "$SERVER_URL/metrics" | awk '$1 == "deskd_kb_snapshot_build_ms" { print $2 }')
  [[ -n $build_ms ]] || die "no deskd_kb_snapshot_build_ms in /metrics"
  visitor=$(visitor_cookie "$SERVER_URL")
  measure "$step" article_anon get.lua "$visitor" "$ARTICLE" "$WORK/kb-runs.tsv"
  measure "$step" home_anon get.lua "$visitor" / "$WORK/kb-runs.tsv"
  printf '%s\t%s\t%s\t%s\n' "$step" "$build_ms" "$rss_idle" "$(rss_kb "$SERVER_PID" VmRSS)" >>"$WORK/kb-memory.tsv"
  stop_server "$SERVER_PID"
  SERVER_PIDS=()
done

# Agent desk over many tickets: a data directory of its own.
DATA=$WORK/desk-data
mkdir -p "$DATA"
if [[ -n $TICKET_STEPS ]]; then add_user "$DESKD" "$DATA" "$AGENT_EMAIL" agent; fi
have_tickets=0
for step in $TICKET_STEPS; do
  log "step $step tickets: seeding $((step - have_tickets)) tickets"
  seed_start=$(date +%s)
  "$SEED" --data "$DATA" --tickets $((step - have_tickets)) | sed 's/^/[scale]   /' >&2
  seed_s=$(( $(date +%s) - seed_start ))
  have_tickets=$step
  start_deskd
  jar=$WORK/agent-cookies.txt
  rm -f "$jar"
  token=$(curl -sS -c "$jar" -b "$jar" "$SERVER_URL/agent/login" | sed -n 's/.*name="_dp_csrf_token" value="\([^"]*\)".*/\1/p' | head -1)
  curl -sS -o /dev/null -c "$jar" -b "$jar" -H "Origin: $SERVER_URL" --data-urlencode "_dp_csrf_token=$token" \
    --data-urlencode "email=$AGENT_EMAIL" --data-urlencode "password=$PASSWORD" "$SERVER_URL/agent/login"
  agent_sid=$(awk '$6 == "dpsid-agent" { print $7 }' "$jar")
  [[ -n $agent_sid ]] || die "the bench agent could not sign in"
  agent_cookie="dpsid-agent=$agent_sid"
  curl -sS -o "$WORK/probe.html" -H "Cookie: $agent_cookie" "$SERVER_URL/agent/search?q=printer"
  grep -q '/agent/tickets/B' "$WORK/probe.html" || die "the agent search found no seeded ticket"
  measure "$step" view_open get.lua "$agent_cookie" "/agent/tickets?status=open" "$WORK/desk-runs.tsv"
  measure "$step" search_word get.lua "$agent_cookie" "/agent/search?q=printer" "$WORK/desk-runs.tsv"
  measure "$step" search_words get.lua "$agent_cookie" "/agent/search?q=refund+printer&status=open" "$WORK/desk-runs.tsv"
  measure "$step" search_rare get.lua "$agent_cookie" "/agent/search?q=requester7" "$WORK/desk-runs.tsv"
  measure "$step" reports_30d get.lua "$agent_cookie" "/agent/reports" "$WORK/desk-runs.tsv"
  printf '%s\t%s\t%s\t%s\n' "$step" "$seed_s" "$(rss_kb "$SERVER_PID" VmRSS)" "$(du -sk "$DATA" | cut -f1)" \
    >>"$WORK/desk-memory.tsv"
  stop_server "$SERVER_PID"
  SERVER_PIDS=()
done

mkdir -p "$RESULTS"
STEM=$RESULTS/$(date -u +%F)
python3 - "$WORK/runs.tsv" "$WORK/memory.tsv" "$(getconf CLK_TCK)" "$LOADAVG_START $(cut -d' ' -f1-3 /proc/loadavg)" \
  "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" "$DURATION" "$WORK/kb-runs.tsv" \
  "$WORK/kb-memory.tsv" "$WORK/desk-runs.tsv" "$WORK/desk-memory.tsv" >"$WORK/scale.md" <<'PY'
import re, sys
(runs_tsv, memory_tsv, ticks_per_s, loads, commit, duration, kb_runs_tsv, kb_memory_tsv, desk_runs_tsv,
 desk_memory_tsv) = sys.argv[1:]
ticks_per_s = int(ticks_per_s)
def latency_us(text, pct):
    m = re.search(rf"^\s*{pct}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    return float(m.group(1)) * {"us": 1, "ms": 1e3, "s": 1e6}[m.group(2)] if m else float("nan")
def read_runs(path):
    rows = []
    for line in open(path):
        step, name, ticks, wrk_path = line.rstrip("\n").split("\t")
        text = open(wrk_path).read()
        requests = int(re.search(r"(\d+) requests in", text).group(1))
        errors = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
        errors += int((re.search(r"Non-2xx or 3xx responses: (\d+)", text) or [0, 0])[1])
        rows.append(dict(step=int(step), name=name, requests=requests, errors=errors,
                         rps=float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
                         p50=latency_us(text, 50), p99=latency_us(text, 99),
                         cpu=int(ticks) * 1e6 / ticks_per_s / requests if requests else float("nan")))
    first = {}
    for r in rows:
        first.setdefault(r["name"], r["cpu"])
    return rows, first
def flatness(rows, first):
    verdicts = []
    for name in first:
        rels = [r["cpu"] / first[name] for r in rows if r["name"] == name]
        flat = all(0.9 <= x <= 1.1 for x in rels)
        verdicts.append(f"{name}: {'flat' if flat else 'NOT flat'} (CPU per request {min(rels):.2f}–{max(rels):.2f}× the first step)")
    return "Time per request flat (±10 %): " + "; ".join(verdicts) + "."
l0 = loads.split()
rows, first = read_runs(runs_tsv)
if rows:
    print("\n## Scale: time per request as storage grows (bench/scale.sh)\n")
    print(f"Commit {commit}; wrk -t1 -c32, {duration} per run after a warm-up; load average {l0[0]} at start, "
          f"{l0[3]} at end. Page views are 10× the sessions, of as many visitors as sessions, over the 21 demo "
          "articles. article_portal uses a different seeded session on every request; article_anon one dp_v.\n")
    print("| sessions | page views | scenario | req/s | p50 ms | p99 ms | CPU µs/req | CPU vs first step | errors |")
    print("|--:|--:|---|--:|--:|--:|--:|--:|--:|")
    for r in rows:
        views = r["step"] * 10
        rel = r["cpu"] / first[r["name"]] if first[r["name"]] else float("nan")
        print(f"| {r['step']:,} | {views:,} | {r['name']} | {r['rps']:,.0f} | {r['p50'] / 1000:.2f} | "
              f"{r['p99'] / 1000:.2f} | {r['cpu']:.1f} | {rel:.2f} | {r['errors']} |")
    print("\n" + flatness(rows, first) + "\n")
    print("| sessions | page views | deskd RSS idle (after start) | RSS after the runs | data directory |")
    print("|--:|--:|--:|--:|--:|")
    for line in open(memory_tsv):
        step, views, idle, after, du = (int(x) for x in line.split())
        print(f"| {step:,} | {views:,} | {idle / 1024:.1f} MiB | {after / 1024:.1f} MiB | {du / 1024:.0f} MiB |")
rows, first = read_runs(kb_runs_tsv)
if rows:
    print("\n## Scale: knowledge-base size (bench/scale.sh)\n")
    print(f"Commit {commit}; wrk -t1 -c32, {duration} per run after a warm-up; load average {l0[0]} at start, "
          f"{l0[3]} at end. Seeded articles are published in en, da and de (about 1 KB of Markdown each), "
          "in 20 categories, on top of the demo content; both pages are requested with one dp_v.\n")
    print("| articles | scenario | req/s | p50 ms | p99 ms | CPU µs/req | CPU vs first step | errors |")
    print("|--:|---|--:|--:|--:|--:|--:|--:|")
    for r in rows:
        rel = r["cpu"] / first[r["name"]] if first[r["name"]] else float("nan")
        print(f"| {r['step']:,} | {r['name']} | {r['rps']:,.0f} | {r['p50'] / 1000:.2f} | {r['p99'] / 1000:.2f} | "
              f"{r['cpu']:.1f} | {rel:.2f} | {r['errors']} |")
    print("\n" + flatness(rows, first) + "\n")
    print("| articles | translations | snapshot build (target < 1 s) | deskd RSS idle | RSS after the runs (target < 200 MiB) |")
    print("|--:|--:|--:|--:|--:|")
    for line in open(kb_memory_tsv):
        step, build_ms, idle, after = line.split()
        step, idle, after = int(step), int(idle), int(after)
        verdict = "ok" if float(build_ms) < 1000 else "MISSED"
        memory = "ok" if after < 200 * 1024 else "MISSED"
        print(f"| {step:,} | {3 * step:,} | {float(build_ms):.0f} ms ({verdict}) | {idle / 1024:.1f} MiB | "
              f"{after / 1024:.1f} MiB ({memory}) |")
rows, first = read_runs(desk_runs_tsv)
if rows:
    print("\n## Scale: the agent desk over many tickets (bench/scale.sh)\n")
    print(f"Commit {commit}; wrk -t1 -c32, {duration} per run after a warm-up; load average {l0[0]} at start, "
          f"{l0[3]} at end. Seeded tickets: one requester per 10 tickets, half with an agent reply, a third "
          "resolved, over 90 days; one signed-in agent session.\n")
    print("| tickets | scenario | req/s | p50 ms | p99 ms | CPU µs/req | errors |")
    print("|--:|---|--:|--:|--:|--:|--:|")
    for r in rows:
        print(f"| {r['step']:,} | {r['name']} | {r['rps']:,.0f} | {r['p50'] / 1000:.2f} | {r['p99'] / 1000:.2f} | "
              f"{r['cpu']:.1f} | {r['errors']} |")
    print("\n| tickets | seeding | deskd RSS after the runs | data directory |")
    print("|--:|--:|--:|--:|")
    for line in open(desk_memory_tsv):
        step, seed_s, after, du = (int(x) for x in line.split())
        print(f"| {step:,} | {seed_s} s | {after / 1024:.1f} MiB | {du / 1024:.0f} MiB |")
PY
cat "$WORK/scale.md" >>"$STEM.md"
cat "$WORK/scale.md"
log "appended to $STEM.md"
