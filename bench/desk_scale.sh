#!/usr/bin/env bash
# Agent desk views and search over many tickets (issue 15: "view and search
# latency over 100,000 seeded tickets").
#
#   bench/desk_scale.sh            # 100,000 tickets
#   BENCH_DESK_TICKETS=2000 bench/desk_scale.sh
#
# Builds deskd (Release), creates a data directory (migrated by `deskd user
# add`, which adds the bench agent), then seeds BENCH_DESK_TICKETS tickets in
# ONE SQLite transaction of bulk INSERTs (seconds, not the minutes the stores
# take): 5 groups (the agent in 2), requesters spread over 10,000 addresses,
# statuses 40 % open / 20 % pending / 30 % resolved / 10 % closed, priorities
# mixed, a third assigned to the bench agent (the rest unassigned), creation
# times over 90 days, SLA due times of 1 h (first response) and 24 h
# (resolution) so that most unsolved tickets are overdue, one requester
# message each and an agent reply on every second ticket (40-word bodies from
# a 40-word vocabulary, as bench/scale.sh). The triggers of the schema keep
# the search index and milestones as in production; messages are seeded as
# already notified. Then starts deskd, signs the agent in and requests, one
# at a time over one keep-alive connection, BENCH_DESK_REQUESTS (default 50)
# times each after 5 warm-up requests:
#   view_mine        /agent/tickets?view=mine
#   view_unassigned  /agent/tickets?view=unassigned
#   view_open        /agent/tickets?view=open
#   view_my_groups   /agent/tickets?view=my-groups
#   view_overdue     /agent/tickets?view=overdue
#   view_open_by_priority  /agent/tickets?view=open&sort=priority
#   view_all_page_100      /agent/tickets?view=all&page=100
#   search           /agent/search?q=printer (a word in ~2/3 of the tickets)
# and appends p50 / p99 / max (ms) to bench/results/<date>.md.
#
# SQLite only (the PostgreSQL backend is not seeded by this script).
# Environment: BENCH_DESK_TICKETS, BENCH_DESK_REQUESTS, BENCH_BUILD_DIR
# (default build-release), BENCH_JOBS, BENCH_RESULTS, BENCH_KEEP=1.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BENCH_BUILD_DIR:-$ROOT/build-release}
JOBS=${BENCH_JOBS:-1}
TICKETS=${BENCH_DESK_TICKETS:-100000}
REQUESTS=${BENCH_DESK_REQUESTS:-50}
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results}
AGENT_EMAIL=bench-agent@example.com
PASSWORD=bench-password-0123456789
BENCH_TAG=desk-scale
WORK=$(mktemp -d /tmp/deskd-desk-scale.XXXXXX)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
trap cleanup EXIT

for tool in curl python3; do command -v "$tool" >/dev/null || die "$tool is required"; done
log "building deskd (Release) in $BUILD"
build_deskd "$ROOT" "$BUILD" "$JOBS"
DESKD=$BUILD/src/deskd
DATA=$WORK/data
mkdir -p "$DATA"
add_user "$DESKD" "$DATA" "$AGENT_EMAIL" agent

log "seeding $TICKETS tickets in one transaction"
seed_start=$(date +%s.%N)
python3 - "$DATA/deskd.db" "$TICKETS" "$AGENT_EMAIL" <<'PY'
import random, sqlite3, sys, time
path, count, agent_email = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = random.Random(15)
con = sqlite3.connect(path, isolation_level=None)
con.execute("PRAGMA foreign_keys = ON")
con.execute("BEGIN IMMEDIATE")
agent = con.execute("SELECT id FROM people WHERE email = ?", (agent_email,)).fetchone()[0]
now = int(time.time() * 1000)
groups = []
for i in range(5):
    cur = con.execute("INSERT INTO agent_groups (name, created_ms) VALUES (?, ?)", ("Bench group %d" % i, now))
    groups.append(cur.lastrowid)
for g in groups[:2]:
    con.execute("INSERT INTO agent_group_members (group_id, person_id) VALUES (?, ?)", (g, agent))
words = ("printer refund invoice login password account order shipping delivery broken screen cable battery "
         "update install error crash slow network wifi email attachment export import report billing card "
         "charge subscription plan upgrade cancel mobile app sync calendar contact address phone reset lock "
         "access").split()
alphabet = "23456789ABCDEFGHJKMNPQRSTWXYZ"
def ref(n):
    s = ""
    for _ in range(8):
        s += alphabet[n % len(alphabet)]
        n //= len(alphabet)
    return s[:4] + "-" + s[4:]
def body():
    return " ".join(rng.choice(words) for _ in range(40))
statuses = ["open"] * 4 + ["pending"] * 2 + ["resolved"] * 3 + ["closed"]
priorities = ["low", "normal", "normal", "high", "urgent"]
tickets, messages = [], []
for n in range(count):
    created = now - rng.randrange(90 * 86_400_000)
    status = rng.choice(statuses)
    who = rng.randrange(3)
    assignee = agent if who == 0 else None
    group = rng.choice(groups + [None])
    requester = rng.randrange(10_000)
    tickets.append((n + 1, ref(n * 7919 + 12345), "Requester %d" % requester,
                    "requester%d@example.com" % requester, " ".join(rng.choice(words) for _ in range(5)), status,
                    created, created + 3_600_000, rng.choice(priorities), group, assignee,
                    created + 3_600_000, created + 86_400_000))
con.executemany(
    "INSERT INTO tickets (id, ref, requester_name, requester_email, subject, status, created_ms, updated_ms, lang,"
    " source, priority, group_id, assignee_id, sla_first_response_due_ms, sla_resolution_due_ms)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'en', 'web', ?, ?, ?, ?, ?)", tickets)
for t in tickets:
    messages.append((t[0], "user", t[2], body(), t[6]))
    if t[0] % 2 == 0:
        messages.append((t[0], "agent", "Bench agent", body(), t[6] + 1_800_000))
con.executemany(
    "INSERT INTO ticket_messages (ticket_id, author_kind, author_name, body, created_ms, notify_pending)"
    " VALUES (?, ?, ?, ?, ?, 0)", messages)
con.execute("COMMIT")
con.close()
PY
seed_s=$(python3 -c "import sys; print('%.1f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$seed_start" "$(date +%s.%N)")
log "seeded in ${seed_s} s ($(du -sk "$DATA" | cut -f1) KiB)"

start_server deskd 120 env DESKD_LOG_LEVEL=warn "$DESKD" serve --listen 127.0.0.1:0 --data "$DATA"
cookie=$(login "$SERVER_URL/agent" "$AGENT_EMAIL")
[[ -n $cookie ]] || die "the bench agent could not sign in"
python3 - "$SERVER_URL" "$cookie" "$REQUESTS" "$TICKETS" "$seed_s" >"$WORK/desk-scale.md" <<'PY'
import http.client, re, sys, time, urllib.parse
url, cookie, requests, tickets, seed_s = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
u = urllib.parse.urlsplit(url)
con = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
def get(path):
    con.request("GET", path, headers={"Cookie": cookie})
    res = con.getresponse()
    body = res.read()
    if res.status != 200:
        sys.exit("GET %s answered %d" % (path, res.status))
    return body.decode("utf-8", "replace")
paths = [("view_mine", "/agent/tickets?view=mine"), ("view_unassigned", "/agent/tickets?view=unassigned"),
         ("view_my_groups", "/agent/tickets?view=my-groups"), ("view_open", "/agent/tickets?view=open"),
         ("view_overdue", "/agent/tickets?view=overdue"), ("view_open_by_priority", "/agent/tickets?view=open&sort=priority"),
         ("view_all_page_100", "/agent/tickets?view=all&page=100"), ("search", "/agent/search?q=printer")]
page = get("/agent/tickets?view=overdue")
counts = dict(re.findall(r'data-view="([a-z-]+)"[^>]*>[^<]*\(<span class="count">([\d,.]+)</span>', page))
print("### Agent desk views and search, %s seeded tickets (bench/desk_scale.sh)\n" % tickets)
print("Seeded in %s s (one transaction). View counts: %s.\n" % (seed_s, ", ".join("%s %s" % kv for kv in counts.items())))
print("| request | p50 ms | p99 ms | max ms |\n|---|--:|--:|--:|")
def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]
for name, path in paths:
    for _ in range(5):
        get(path)
    times = []
    for _ in range(requests):
        t0 = time.perf_counter()
        get(path)
        times.append((time.perf_counter() - t0) * 1000)
    print("| `%s` | %.1f | %.1f | %.1f |" % (path, pct(times, 50), pct(times, 99), max(times)))
print("\nOne request at a time over one keep-alive connection, %d requests each after 5 warm-ups; load average %s."
      % (requests, open("/proc/loadavg").read().split()[0]))
PY
stop_server "$SERVER_PID"
SERVER_PIDS=()
cat "$WORK/desk-scale.md"
mkdir -p "$RESULTS"
{ echo; cat "$WORK/desk-scale.md"; } >>"$RESULTS/$(date -u +%F).md"
log "appended to $RESULTS/$(date -u +%F).md"
