#!/usr/bin/env bash
# Runs the helpdesk with demo content on a fresh machine:
# installs Debian packages, builds Release, starts `deskd serve --demo` with
# embedded SQLite under ./data and prints the address and demo credentials.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DDESKD_TESTS=OFF >/dev/null
ninja -C build-release deskd
exec build-release/src/deskd serve --demo --listen "${DESKD_LISTEN:-127.0.0.1:8080}" --data ./data "$@"
