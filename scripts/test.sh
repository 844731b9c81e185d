#!/usr/bin/env bash
# Every test suite: the core, then each package. Each suite installs what it
# needs (idempotently) and exits non-zero on failure. All suites run; the
# script fails if any failed, and prints a summary with wall times.
set -uo pipefail
cd "$(dirname "$0")/.."
suites=(core sandbox py node wasm fuzz bench)
[ $# -gt 0 ] && suites=("$@")
declare -A result secs
status=0
for s in "${suites[@]}"; do
  script="scripts/test-$s.sh"
  if [ ! -f "$script" ]; then
    echo "!! $script is missing"; result[$s]="MISSING"; status=1; continue
  fi
  echo "==> $script"
  start=$(date +%s)
  if bash "$script"; then result[$s]="ok"; else result[$s]="FAILED"; status=1; fi
  secs[$s]=$(( $(date +%s) - start ))
done
echo
echo "suite     result   seconds"
for s in "${suites[@]}"; do printf '%-9s %-8s %s\n' "$s" "${result[$s]}" "${secs[$s]:--}"; done
exit $status
