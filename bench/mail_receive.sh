#!/usr/bin/env bash
# Messages per second ingested by `deskd mail receive` (one process per
# message, as an MTA pipe runs it) into a fresh SQLite data directory: N mails
# (default 200) cycled from the corpus in tests/mail/corpus/, each with a unique
# Message-ID so every one is stored (a new ticket or a reply).
#
#   bench/mail_receive.sh [N] [DESKD_BIN]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200}
bin=${2:-build/src/deskd}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/deskd-mailbench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mapfile -t corpus < <(ls tests/mail/corpus/*.eml | grep -v no_from)
for i in $(seq "$n"); do
  f=${corpus[$(( (i - 1) % ${#corpus[@]} ))]}
  python3 - "$f" "$i" >"$tmp/$i.eml" <<'PY'
import re, sys
raw = open(sys.argv[1], "rb").read()
raw = re.sub(rb"(?im)^message-id:.*\r?\n", b"", raw, count=1)
sys.stdout.buffer.write(b"Message-ID: <bench-%s@example.org>\r\n" % sys.argv[2].encode() + raw)
PY
done
"$bin" mail receive --data "$tmp/data" <"$tmp/1.eml" >/dev/null  # creates and migrates the database
start=$(date +%s.%N)
codes=()
for i in $(seq 2 "$n"); do
  set +e
  "$bin" mail receive --data "$tmp/data" <"$tmp/$i.eml" >/dev/null 2>&1
  codes+=($?)
  set -e
done
end=$(date +%s.%N)
ok=$(printf '%s\n' "${codes[@]}" | grep -c '^0$' || true)
python3 -c "import sys; n=int(sys.argv[1]); s=float(sys.argv[3])-float(sys.argv[2]); print('mail receive: %d messages (%s exit 0) in %.2f s = %.1f messages/s' % (n, sys.argv[4], s, n / s))" \
  "$((n - 1))" "$start" "$end" "$ok"
python3 -c "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print('stored: %d tickets, %d messages, %d attachments (%d distinct blobs)' % tuple(c.execute(q).fetchone()[0] for q in ('SELECT count(*) FROM tickets', 'SELECT count(*) FROM ticket_messages', 'SELECT count(*) FROM ticket_attachments', 'SELECT count(*) FROM attachment_blobs')))" \
  "$tmp/data/deskd.db"
