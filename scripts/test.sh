#!/usr/bin/env bash
# Every test suite: the core, then each package. Each suite installs what it
# needs (idempotently) and exits non-zero on failure. All suites run; the
# script fails if any failed, and prints a summary with wall times and the
# disk left after each suite.
#   scripts/test.sh                 the default suites
#   scripts/test.sh core node       just these
#   scripts/test.sh --and release   the default suites, then these (.ci/run)
# `release` (every release artifact built and installed, scripts/test-release.sh)
# is not in the default list: .ci/run adds it.
# Each suite's output also goes to target/test-logs/<suite>.log, and the end
# of every failed suite's log is printed again after the summary: a CI page
# that shows only the last lines of a long run still shows why it failed.
set -uo pipefail
cd "$(dirname "$0")/.."
suites=(core sandbox py node wasm fuzz bench dist)
if [ "${1:-}" = "--and" ]; then shift; suites+=("$@")
elif [ $# -gt 0 ]; then suites=("$@"); fi
LOGS=target/test-logs
mkdir -p "$LOGS"
# With SKUWIRE_LEAN_DISK=1 (.ci/run sets it), what a suite built and no later
# suite reads is removed once it passed or failed: a CI disk holds about one
# suite's builds at a time. bench rebuilds the wheel with maturin alone.
lean_leftovers() {
  case "$1" in
    core)  echo target/debug ;;
    py)    echo target/py/.venv-test ;;
    fuzz)  echo target/fuzz ;;
    bench) echo target/bench target/criterion target/release target/py ;;
  esac
}
# Free space where the builds go, in MiB ("?" if df cannot tell).
free_mib() { local f; f=$(df -Pm . 2>/dev/null | awk 'NR == 2 { print $4 }'); echo "${f:-?}"; }
echo "[test] free disk at start: $(free_mib) MiB"
# Plain indexed arrays (macOS's bash 3.2 has no associative ones).
results=(); times=(); frees=()
status=0
for s in "${suites[@]}"; do
  script="scripts/test-$s.sh"
  if [ ! -f "$script" ]; then
    echo "!! $script is missing"; results+=("MISSING"); times+=("-"); frees+=("-"); status=1; continue
  fi
  echo "==> $script"
  start=$(date +%s)
  # tee in a process substitution, not a pipeline: the suite's own status, and
  # no wait on a server a failed suite left running with the output open.
  bash "$script" > >(tee "$LOGS/$s.log") 2>&1
  rc=$?
  if [ "$rc" = 0 ]; then results+=("ok"); else results+=("FAILED"); status=1; fi
  times+=("$(( $(date +%s) - start ))")
  if [ "${SKUWIRE_LEAN_DISK:-0}" = 1 ]; then
    for d in $(lean_leftovers "$s"); do rm -rf "$d"; done
  fi
  frees+=("$(free_mib)")
done
echo
echo "suite     result   seconds  free MiB after"
i=0
for s in "${suites[@]}"; do
  printf '%-9s %-8s %-8s %s\n' "$s" "${results[$i]}" "${times[$i]}" "${frees[$i]}"
  i=$((i + 1))
done
i=0
for s in "${suites[@]}"; do
  if [ "${results[$i]}" = "FAILED" ] && [ -s "$LOGS/$s.log" ]; then
    echo
    echo "---- $s failed; the last 40 lines of $LOGS/$s.log:"
    tail -n 40 "$LOGS/$s.log"
  fi
  i=$((i + 1))
done
exit $status
