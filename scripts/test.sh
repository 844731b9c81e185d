#!/usr/bin/env bash
# Every test suite: the core, then each package. Each suite installs what it
# needs (idempotently) and exits non-zero on failure. All suites run; the
# script fails if any failed, and prints a summary with wall times.
# `release` (every release artifact built and installed, scripts/test-release.sh)
# is not in the default list: .ci/run runs it after these.
set -uo pipefail
cd "$(dirname "$0")/.."
suites=(core sandbox py node wasm fuzz bench dist)
[ $# -gt 0 ] && suites=("$@")
# Plain indexed arrays (macOS's bash 3.2 has no associative ones).
results=(); times=()
status=0
for s in "${suites[@]}"; do
  script="scripts/test-$s.sh"
  if [ ! -f "$script" ]; then
    echo "!! $script is missing"; results+=("MISSING"); times+=("-"); status=1; continue
  fi
  echo "==> $script"
  start=$(date +%s)
  if bash "$script"; then results+=("ok"); else results+=("FAILED"); status=1; fi
  times+=("$(( $(date +%s) - start ))")
done
echo
echo "suite     result   seconds"
i=0
for s in "${suites[@]}"; do printf '%-9s %-8s %s\n' "$s" "${results[$i]}" "${times[$i]}"; i=$((i + 1)); done
exit $status
