#!/usr/bin/env bash
# Usage: scripts/with_postgres.sh CMD [ARGS...]
#
# Runs CMD with a throwaway PostgreSQL 15 server: a fresh cluster in a temporary
# directory, listening on 127.0.0.1 only (a free port chosen at random; its
# Unix socket stays in the temporary directory), password authentication for a
# superuser "deskd". Exports
#   DESKD_TEST_POSTGRES_URL=postgresql://deskd:PASSWORD@127.0.0.1:PORT/deskd_test
# to CMD, and always stops the server and removes the directory afterwards
# (also when CMD fails or the script is interrupted). Exits with CMD's status.
#
# Installs nothing: needs the Debian packages `postgresql` (server binaries
# under /usr/lib/postgresql/15/bin) and `python3` (to find a free port), as
# scripts/deps.sh installs them. PostgreSQL refuses to run as root, so as root
# the server runs as the `postgres` system user (runuser).
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

pg_bin=""
for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
  if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
    pg_bin=$dir
    break
  fi
done
if [ -z "$pg_bin" ]; then
  echo "with_postgres: PostgreSQL server binaries not found (install the 'postgresql' package: scripts/deps.sh)" >&2
  exit 1
fi

as_server_user=()
if [ "$(id -u)" -eq 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "with_postgres: running as root needs the 'postgres' system user (created by the postgresql package)" >&2
    exit 1
  fi
  as_server_user=(runuser -u postgres --)
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/deskd-pg.XXXXXX")
chmod 700 "$tmp"
[ "${#as_server_user[@]}" -eq 0 ] || chown postgres: "$tmp"
data="$tmp/data"
log="$tmp/server.log"
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=\n')
printf '%s\n' "$password" >"$tmp/pwfile"
[ "${#as_server_user[@]}" -eq 0 ] || chown postgres: "$tmp/pwfile"

started=0
stop_server() {
  if [ "$started" -eq 1 ]; then
    "${as_server_user[@]}" "$pg_bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    started=0
  fi
  rm -rf "$tmp"
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"${as_server_user[@]}" "$pg_bin/initdb" -D "$data" -U deskd --pwfile="$tmp/pwfile" --auth=scram-sha-256 \
  -E UTF8 --locale=C.UTF-8 --no-sync >"$tmp/initdb.log" 2>&1 || {
  cat "$tmp/initdb.log" >&2
  exit 1
}

# A free port: bind port 0 on loopback and read what the kernel chose. Another
# process may take it before the server binds; then pg_ctl fails and we retry.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port=""
for attempt in 1 2 3 4 5; do
  port=$(free_port)
  # fsync off and a small shared_buffers: a throwaway server for tests only.
  if "${as_server_user[@]}" "$pg_bin/pg_ctl" -D "$data" -l "$log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $tmp -c max_connections=300 -c fsync=off \
-c synchronous_commit=off -c full_page_writes=off -c shared_buffers=64MB" start >/dev/null; then
    started=1
    break
  fi
  port=""
done
if [ -z "$port" ]; then
  echo "with_postgres: the server did not start; its log:" >&2
  cat "$log" >&2 || true
  exit 1
fi

export PGPASSWORD="$password"
"$pg_bin/psql" -X -q -h 127.0.0.1 -p "$port" -U deskd -d postgres -c "CREATE DATABASE deskd_test" >/dev/null
unset PGPASSWORD

export DESKD_TEST_POSTGRES_URL="postgresql://deskd:${password}@127.0.0.1:${port}/deskd_test"
echo "with_postgres: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2

status=0
"$@" || status=$?
exit "$status"
