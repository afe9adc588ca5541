#!/usr/bin/env bash
# Usage: scripts/with_dovecot.sh CMD [ARGS...]
#
# Runs CMD with a throwaway Dovecot IMAP server: its own configuration, state
# and Maildir in a temporary directory, listening on 127.0.0.1 only (a free
# port), plaintext login (no TLS, loopback only) for one user with a random
# password. Exports to CMD
#   DESKD_TEST_IMAP_URL=imap://deskd:PASSWORD@127.0.0.1:PORT/INBOX
#   DESKD_TEST_IMAP_MAILDIR=<the user's Maildir>  (tests deliver into new/)
# and always stops the server and removes the directory afterwards (also when
# CMD fails or the script is interrupted). Exits with CMD's status.
#
# Installs nothing: needs Debian's `dovecot-imapd` and `python3` (scripts/deps.sh).
# Mail is owned by `nobody` (Dovecot refuses mail access as root).
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi
dovecot_bin=$(command -v dovecot || echo /usr/sbin/dovecot)
if [ ! -x "$dovecot_bin" ] || [ ! -x /usr/lib/dovecot/imap ]; then
  echo "with_dovecot: dovecot not found (install 'dovecot-imapd': scripts/deps.sh)" >&2
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/deskd-imap.XXXXXX")
chmod 755 "$tmp"
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=\n')
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mail_user=nobody
mail_uid=$(id -u "$mail_user")
mail_gid=$(id -g "$mail_user")
mkdir -p "$tmp/home/Maildir/new" "$tmp/home/Maildir/cur" "$tmp/home/Maildir/tmp" "$tmp/run" "$tmp/state"
chown -R "$mail_uid:$mail_gid" "$tmp/home"
printf 'deskd:{PLAIN}%s\n' "$password" >"$tmp/users"
chmod 644 "$tmp/users"
cat >"$tmp/dovecot.conf" <<CONF
base_dir = $tmp/run
state_dir = $tmp/state
log_path = $tmp/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = $mail_uid
last_valid_uid = $mail_uid
mail_location = maildir:$tmp/home/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $tmp/users
}
userdb {
  driver = static
  args = uid=$mail_uid gid=$mail_gid home=$tmp/home
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
CONF

stop_server() {
  if [ -f "$tmp/run/master.pid" ]; then
    kill "$(cat "$tmp/run/master.pid")" 2>/dev/null || true
    for _ in $(seq 50); do [ -f "$tmp/run/master.pid" ] || break; sleep 0.1; done
  fi
  rm -rf "$tmp"
}
trap stop_server EXIT INT TERM

"$dovecot_bin" -c "$tmp/dovecot.conf" || { cat "$tmp/dovecot.log" >&2 || true; exit 1; }
for _ in $(seq 100); do
  if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; then break; fi
  sleep 0.1
done

export DESKD_TEST_IMAP_URL="imap://deskd:$password@127.0.0.1:$port/INBOX"
export DESKD_TEST_IMAP_MAILDIR="$tmp/home/Maildir"
set +e
"$@"
status=$?
set -e
exit "$status"
