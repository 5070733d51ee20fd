#!/usr/bin/env bash
# One command from a fresh clone to the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

log=$(mktemp)
set +e
dotnet test --solution Earshot.slnx -c Release --no-build "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# Microsoft.Testing.Platform prints "total/failed/succeeded/skipped" per run; add them up into one plain line.
sum() { grep -E "^\s+$1: [0-9]+" "$log" | awk '{ n += $2 } END { print n + 0 }'; }
# Repeat each failure (name, message, first lines of its stack) at the end, where a truncated CI log still shows it.
if grep -qE "^\s*failed [A-Za-z_]" "$log"; then
  echo "Failures:"
  grep -E -A 14 "^\s*failed [A-Za-z_]" "$log"
fi
echo "$(sum succeeded) passed, $(sum failed) failed, $(sum skipped) skipped"
rm -f "$log"
exit "$status"
