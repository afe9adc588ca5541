#!/usr/bin/env bash
# Regression guard (CI): instruction counts of the Help Center read path and
# /healthz (bench/callgrind.sh) against the budgets in bench/budgets.txt.
#
#   bench/check_budgets.sh
#
# Exits 1 when a request costs more than its budget + BUDGET_SLACK % (25), or
# when a budgeted request was not measured or a measured one has no budget;
# 2 when the measurement itself failed. Requests below budget - 25 % pass with
# a note to lower the budget. Instruction counts do not depend on machine
# load; wall-clock timings never gate CI (bench/run.sh reports them).
# Takes about a minute on 2 cores with a built deskd.
#
# Environment (all optional): BENCH_DESKD (the deskd binary; default
# build/src/deskd when it exists, else bench/callgrind.sh builds one),
# BUDGET_SLACK (per cent, 25), BUDGET_FILE (bench/budgets.txt).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SLACK=${BUDGET_SLACK:-25}
BUDGETS=${BUDGET_FILE:-$ROOT/bench/budgets.txt}
if [[ -z ${BENCH_DESKD:-} && -x $ROOT/build/src/deskd ]]; then export BENCH_DESKD=$ROOT/build/src/deskd; fi

[[ -f $BUDGETS ]] || { echo "check_budgets: $BUDGETS not found" >&2; exit 2; }
MEASURED=$(mktemp /tmp/deskd-budgets.XXXXXX)
LOG=$MEASURED.log
trap 'rm -f "$MEASURED" "$LOG"' EXIT

echo "check_budgets: measuring with bench/callgrind.sh (${BENCH_DESKD:-a fresh Release build})"
if ! CALLGRIND_REPORT=0 CALLGRIND_TSV=$MEASURED "$ROOT/bench/callgrind.sh" >"$LOG" 2>&1; then
  tail -30 "$LOG" >&2
  echo "check_budgets: the measurement failed" >&2
  exit 2
fi

awk -v slack="$SLACK" '
  FNR == NR { if ($0 !~ /^[[:space:]]*(#|$)/) budget[$1] = $2; next }
  { measured[$1] = $2; order[++n] = $1 }
  END {
    failed = 0
    printf "%-16s %12s %12s %8s  %s\n", "request", "budget", "measured", "ratio", "verdict"
    for (i = 1; i <= n; i++) {
      name = order[i]
      if (!(name in budget)) {
        printf "%-16s %12s %12d %8s  FAIL: no budget in bench/budgets.txt\n", name, "-", measured[name], "-"
        failed = 1
        continue
      }
      ratio = measured[name] / budget[name]
      verdict = "ok"
      if (ratio > 1 + slack / 100) { verdict = "FAIL: regression beyond +" slack " %"; failed = 1 }
      else if (ratio < 1 - slack / 100) verdict = "ok (cheaper by more than " slack " %: lower the budget)"
      printf "%-16s %12d %12d %8.3f  %s\n", name, budget[name], measured[name], ratio, verdict
    }
    for (name in budget) if (!(name in measured)) {
      printf "%-16s %12d %12s %8s  FAIL: not measured\n", name, budget[name], "-", "-"
      failed = 1
    }
    exit failed
  }' "$BUDGETS" "$MEASURED" && status=0 || status=$?
if ((status)); then
  echo "check_budgets: FAILED (see bench/callgrind.sh for where the instructions go)" >&2
else
  echo "check_budgets: every request within its budget (±$SLACK %)"
fi
exit "$status"
