#!/usr/bin/env bash
# Installs the Debian packages deskd needs to build, test and benchmark.
# Idempotent and quick when everything is present. Needs root (or sudo).
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config python3
  libboost-dev libsqlite3-dev libsodium-dev nlohmann-json3-dev
  libcmark-gfm-dev libcmark-gfm-extensions-dev libctemplate-dev
  libtomlplusplus-dev libcli11-dev libspdlog-dev libcurl4-openssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libgmime-3.0-dev
  curl
)
# SLA business hours in IANA time zones (absl::time, cctz).
packages+=(libabsl-dev tzdata)
# Tests of the IMAP poller: a real Dovecot IMAP server (scripts/with_dovecot.sh).
packages+=(dovecot-imapd)
# PostgreSQL backend: libpq to build; a real PostgreSQL 15 server for its tests
# (scripts/with_postgres.sh starts a throwaway one on loopback).
packages+=(libpq-dev postgresql)
# Several nodes (SPEC §9): hiredis to build; a real Redis 7 and nginx for the
# multi-node suite (scripts/with_redis.sh, tests/integration/test_cluster.py).
packages+=(libhiredis-dev redis-server nginx-light)
# TOTP two-factor sign-in: liboath (codes) and libqrencode (the enrolment QR code).
packages+=(liboath-dev libqrencode-dev)
# Benchmarks only (bench/callgrind.sh, bench/run.sh): valgrind's callgrind and wrk.
packages+=(valgrind wrk)
# Fuzzing only (scripts/fuzz.sh): clang with libFuzzer and the sanitizer runtimes.
packages+=(clang libclang-rt-14-dev)
# Browser tests (tests/browser): Debian's chromium, driven by playwright-core
# (installed from npm by scripts/test.sh); Node.js and npm unless present.
packages+=(chromium)
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then packages+=(nodejs npm); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
