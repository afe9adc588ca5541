# Shared helpers for bench/run.sh, bench/callgrind.sh and bench/scale.sh (sourced, not run).
# Expects: WORK (scratch directory), PASSWORD. Sets SERVER_PIDS for cleanup().

log() { printf '[%s] %s\n' "${BENCH_TAG:-bench}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

SERVER_PIDS=()
stop_server() {  # stop_server PID: TERM, wait up to 30 s, then KILL
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local pid
  for pid in "${SERVER_PIDS[@]}"; do stop_server "$pid"; done
  if [[ ${BENCH_KEEP:-0} == 1 ]]; then log "scratch kept in $WORK"; else rm -rf "$WORK"; fi
}

# build_deskd ROOT BUILD JOBS [TARGET...]: Release build with the bench tools on;
# tests off in a new build folder, left as they are in an existing one (so a
# benchmark pointed at the test build, BENCH_BUILD_DIR=build, keeps its tests).
build_deskd() {
  local root=$1 build=$2 jobs=$3; shift 3
  local tests=()
  [[ -f $build/CMakeCache.txt ]] || tests=(-DDESKD_TESTS=OFF)
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "${tests[@]}" -DDESKD_BENCH=ON \
    >"$WORK/cmake.log" 2>&1 || { tail -30 "$WORK/cmake.log" >&2; die "cmake failed"; }
  ninja -C "$build" -j"$jobs" deskd "$@" >"$WORK/ninja.log" 2>&1 || { tail -30 "$WORK/ninja.log" >&2; die "build failed"; }
}

# add_user DESKD DATA EMAIL ROLE: creates an account with $PASSWORD.
add_user() {
  printf '%s\n' "$PASSWORD" | "$1" user add --email "$3" --role "$4" --name "Bench $4" --password-stdin \
    --data "$2" >"$WORK/user-add-$4.log" 2>&1 || { cat "$WORK/user-add-$4.log" >&2; die "deskd user add failed"; }
}

# start_server NAME TIMEOUT_S CMD...: starts CMD with output in $WORK/NAME.log,
# waits for "listening on http://HOST:PORT"; sets SERVER_URL and SERVER_PID.
start_server() {
  local name=$1 timeout=$2; shift 2
  local out=$WORK/$name.log
  : >"$out"
  "$@" >"$out" 2>&1 &
  SERVER_PID=$!
  SERVER_PIDS+=("$SERVER_PID")
  SERVER_URL=
  for _ in $(seq $((timeout * 10))); do
    SERVER_URL=$(grep -m1 -o 'listening on http://[^[:space:]]*' "$out" | sed 's/^listening on //') || true
    if [[ -n $SERVER_URL ]]; then break; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$out" >&2; die "$name exited during start-up"; }
    sleep 0.1
  done
  [[ -n $SERVER_URL ]] || { cat "$out" >&2; die "$name printed no 'listening on' line within $timeout s"; }
  SERVER_URL=${SERVER_URL%/}
  log "$name listening on $SERVER_URL (pid $SERVER_PID)"
}

rss_kb() {  # rss_kb PID FIELD: VmRSS / VmHWM of a process, in kB
  awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"
}
cpu_ticks() {  # cpu_ticks PID: user + system CPU time of all its threads, in clock ticks
  sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

jar_cookie_header() {  # curl's Netscape cookie jar -> "a=1; b=2"
  awk -F'\t' '{ sub(/^#HttpOnly_/, "") } !/^#/ && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$1"
}

form_token() {  # form_token FILE: the first hidden _dp_csrf_token value of an HTML page
  grep -o '<input[^>]*name="_dp_csrf_token"[^>]*>' "$1" | head -1 | grep -o 'value="[^"]*"' | cut -d'"' -f2 || true
}
urlencode_form() {  # urlencode_form k v k v ... -> k=v&k=v
  python3 -c 'import sys, urllib.parse as u; a = sys.argv[1:]; print(u.urlencode(list(zip(a[::2], a[1::2]))))' "$@"
}

# fetch_login_form URL JAR: GET URL/login into a fresh JAR, prints the form token.
fetch_login_form() {
  local page=$WORK/login-form.html token
  rm -f "$2"
  curl -sS -o "$page" -c "$2" "$1/login"
  token=$(form_token "$page")
  [[ -n $token ]] || die "no _dp_csrf_token hidden field on $1/login"
  printf '%s' "$token"
}

# login URL EMAIL [FIELD VALUE]...: logs in at URL/login like a browser (extra
# form fields appended); prints the Cookie header. The jar stays in $WORK/jar-login.
login() {
  local url=$1 jar=$WORK/jar-login token status
  token=$(fetch_login_form "$url" "$jar")
  status=$(curl -sS -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" \
    --data "$(urlencode_form email "$2" password "$PASSWORD" _dp_csrf_token "$token" "${@:3}")" "$url/login")
  [[ $status == 303 ]] || die "login at $url/login as $2 answered $status, expected 303"
  jar_cookie_header "$jar"
}

visitor_cookie() {  # visitor_cookie URL: the dp_v cookie a first visit to URL/ gets
  local value
  value=$(curl -sS -o /dev/null -D - "$1/" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: dp_v=\([^;]*\).*/\1/p' | head -1)
  [[ -n $value ]] || die "GET / set no dp_v cookie"
  printf 'dp_v=%s' "$value"
}
