#!/usr/bin/env bash
# Usage: scripts/with_redis.sh CMD [ARGS...]
#
# Runs CMD with a throwaway Redis server: listening on 127.0.0.1 only (a free
# port chosen at random), no persistence, its files in a temporary directory.
# Exports
#   DESKD_TEST_REDIS_URL=redis://127.0.0.1:PORT/0
#   DESKD_TEST_REDIS_SERVER=<path of redis-server>   (tests that stop and restart Redis)
# to CMD, and always stops the server and removes the directory afterwards
# (also when CMD fails or the script is interrupted). Exits with CMD's status.
# Combine with scripts/with_postgres.sh: scripts/with_postgres.sh scripts/with_redis.sh CMD
#
# Installs nothing: needs the Debian package `redis-server` and `python3`, as
# scripts/deps.sh installs them.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi
server=$(command -v redis-server || true)
cli=$(command -v redis-cli || true)
if [ -z "$server" ] || [ -z "$cli" ]; then
  echo "with_redis: redis-server not found (install the 'redis-server' package: scripts/deps.sh)" >&2
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/deskd-redis.XXXXXX")
pid=""
stop_server() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=""
  fi
  rm -rf "$tmp"
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port=""
for attempt in 1 2 3 4 5; do
  port=$(free_port)
  "$server" --bind 127.0.0.1 --port "$port" --dir "$tmp" --save '' --appendonly no --daemonize no \
    --logfile "$tmp/redis.log" &
  pid=$!
  for _ in $(seq 50); do
    if "$cli" -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then break 2; fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
  port=""
done
if [ -z "$port" ]; then
  echo "with_redis: the server did not start; its log:" >&2
  cat "$tmp/redis.log" >&2 || true
  exit 1
fi

export DESKD_TEST_REDIS_URL="redis://127.0.0.1:${port}/0"
export DESKD_TEST_REDIS_SERVER="$server"
echo "with_redis: $("$server" --version | awk '{print $3}') on 127.0.0.1:$port" >&2

status=0
"$@" || status=$?
exit "$status"
