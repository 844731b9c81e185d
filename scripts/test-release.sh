#!/usr/bin/env bash
# The release suite (.ci/run runs it after scripts/test.sh): builds every
# artifact with scripts/release.sh, then checks dist/ as users meet it
# (scripts/release/check_dist.py: checksums, tags, external symbols,
# licenses, one version; the wheels and the sdist in clean venvs running the
# README quickstart: aarch64 under qemu-user on Debian's arm64 CPython, the
# x86_64 musllinux wheel on a CPython built here against Debian's musl
# (scripts/release/musl-python.sh, cached); the musl libraries loaded by
# Debian's musl loader; the npm tarballs installed offline into scratch
# projects running the quickstart as CommonJS and ESM, arm64 under qemu-user;
# the browser package in Node and headless Chromium).
#   SKUWIRE_RELEASE_BUILD=0   check an existing dist/ without rebuilding it
#   extra arguments           run only the checks whose names contain them
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf '\033[1m[test-release]\033[0m %s\n' "$*" >&2; }
t0=$SECONDS

# Runtimes of the install checks, from Debian when missing: qemu-user runs the
# aarch64 builds, musl's loader the musl ones, musl-gcc (and tclsh for SQLite's
# amalgamation) builds the musl CPython (never apt-get when present).
missing=""
command -v qemu-aarch64 >/dev/null || missing="$missing qemu-user"
[ -e /lib/ld-musl-x86_64.so.1 ] || missing="$missing musl"
command -v musl-gcc >/dev/null || missing="$missing musl-tools"
command -v tclsh >/dev/null || missing="$missing tcl"
if [ -n "$missing" ]; then
  command -v apt-get >/dev/null || { log "missing:$missing (Debian packages)"; exit 1; }
  log "apt-get install$missing"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if [ "${SKUWIRE_RELEASE_BUILD:-1}" != 0 ]; then
  bash "$ROOT/scripts/release.sh"
  log "release build: $((SECONDS - t0)) s"
fi
t1=$SECONDS
"$ROOT/target/dist/.venv/bin/python" "$ROOT/scripts/release/check_dist.py" "$@"
log "checks: $((SECONDS - t1)) s; total $((SECONDS - t0)) s"
